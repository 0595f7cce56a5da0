import type { BackendServicesAuth } from './auth/backend-services-auth.js';
import type { BackendServicesTokens } from './auth/backend-services-tokens.js';

/**
 * How a {@link FhirClient} reaches its server. Only `baseUrl` is required.
 */
export interface FhirClientOptions {
  /**
   * The service base URL (https://hl7.org/fhir/R4/http.html#root), e.g. `https://fhir.example.org/R4`.
   * A trailing slash is ignored. `next` links are followed only when they lie under this URL.
   */
  baseUrl: string;
  /** The fetch implementation. Default: the global `fetch` (Node 20+). Inject one to test or to add a proxy. */
  fetch?: typeof fetch;
  /** Time allowed for each attempt, response body included, in milliseconds. Default: 30000. */
  timeoutMs?: number;
  /**
   * How many times an idempotent request is repeated after a 429, a 503 or a network failure.
   * Default: 2. See `RequestSender` for what counts as idempotent and how long it waits.
   */
  retries?: number;
  /** Extra headers sent with every request; the client's own FHIR headers win. Default: none. */
  headers?: Record<string, string>;
  /**
   * A bearer token, or a function returning one; the function is called before every attempt so
   * it can refresh an expiring token. Default: no `Authorization` header.
   */
  accessToken?: string | (() => Promise<string>);
  /**
   * SMART Backend Services credentials: the client gets its own tokens from the authorization
   * server, caches and renews them, and after a 401 renews once and repeats the request.
   * A `BackendServicesTokens` instead shares its tokens between clients. Exclusive with
   * `accessToken`. Default: none.
   */
  auth?: BackendServicesAuth | BackendServicesTokens;
}
