import type { BackendServicesAuth } from './backend-services-auth.js';
import { clientAssertion } from './client-assertion.js';
import { discoverTokenUrl } from './discover-token-url.js';
import { requestToken } from './request-token.js';
import { type SigningKey, signingKey } from './signing-key.js';

/** Where the tokens come from and how long each exchange may take. */
export interface TokenSourceOptions {
  /** The FHIR base URL; the token URL is discovered beneath it unless `auth.tokenUrl` is set. */
  baseUrl: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per exchange with the authorization server. Default: 30000. */
  timeoutMs?: number;
}

/** A token is renewed this long before it expires (at most a fifth of its lifetime). */
const RENEW_BEFORE_MS = 30_000;

interface CachedToken {
  value: string;
  renewAt: number;
}

/**
 * Access tokens for one backend-services client: obtained on first use, cached, renewed shortly
 * before `expires_in` runs out. Concurrent callers share one token request (single flight).
 * `FhirClient` uses it for its `auth` option; use it directly to hand a token to another client.
 */
export class BackendServicesTokens {
  private readonly signing: SigningKey;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly baseUrl: string;
  private tokenUrl: string | undefined;
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly auth: BackendServicesAuth,
    options: TokenSourceOptions,
  ) {
    if (!auth.clientId) throw new TypeError('auth.clientId is required');
    this.signing = signingKey(auth);
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokenUrl = auth.tokenUrl;
  }

  /** A token valid for a while yet: the cached one, else a new one. */
  accessToken(): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && Date.now() < cached.renewAt) return Promise.resolve(cached.value);
    this.pending ??= this.obtain().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets `token` (the server answered 401 to it), unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  private async obtain(): Promise<string> {
    const started = Date.now();
    this.tokenUrl ??= await discoverTokenUrl(this.fetchFn, this.baseUrl, this.timeoutMs);
    const assertion = await clientAssertion(this.signing, this.auth.clientId, this.tokenUrl);
    const issued = await requestToken(
      this.fetchFn,
      this.tokenUrl,
      { scope: this.auth.scope, assertion },
      this.timeoutMs,
    );
    const lifetimeMs = issued.expiresInS * 1000;
    // Counted from before the request: the token may have been issued at any moment of it.
    this.cached = {
      value: issued.accessToken,
      renewAt: started + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 5),
    };
    return issued.accessToken;
  }
}
