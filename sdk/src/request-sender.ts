import { BackendServicesTokens } from './auth/backend-services-tokens.js';
import { errorFromResponse } from './error-from-response.js';
import { FhirClientError, FhirConnectionError } from './errors.js';
import type { FhirClientOptions } from './fhir-client-options.js';
import { retryAfterMs } from './retry-after.js';

/** The FHIR JSON media type (https://hl7.org/fhir/R4/http.html#mime-type). */
const FHIR_JSON = 'application/fhir+json';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
/** First backoff when the server gave no `Retry-After`; doubled on each attempt. */
const BASE_BACKOFF_MS = 250;
/** A server asking for a longer pause than this gets its error passed on instead of a frozen caller. */
const MAX_RETRY_DELAY_MS = 30_000;

/** One HTTP exchange as the client means it. */
export interface FhirHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** A resource to send as FHIR JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * True when sending it twice cannot apply it twice: reads, searches, update (PUT) and delete,
   * and a create carrying `If-None-Exist` (https://hl7.org/fhir/R4/http.html#ccreate). Only these
   * are retried; a plain create or a transaction could be committed twice.
   */
  idempotent: boolean;
}

type Exchange =
  | { ok: true; body: unknown }
  | { ok: false; error: FhirClientError; transient: boolean; waitMs?: number; unprocessed?: boolean };

/**
 * Sends requests: FHIR headers, bearer token, per-attempt timeout, retries for 429/503 and network
 * failures honouring `Retry-After`, and typed errors for everything that is not 2xx.
 */
export class RequestSender {
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly tokens: BackendServicesTokens | undefined;

  constructor(private readonly options: FhirClientOptions) {
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    if (options.auth !== undefined && options.accessToken !== undefined) {
      throw new TypeError('give either auth or accessToken, not both');
    }
    const { auth } = options;
    this.tokens =
      auth instanceof BackendServicesTokens
        ? auth
        : auth && new BackendServicesTokens(auth, { ...options, fetch: this.fetchFn });
  }

  /** The parsed JSON body of the 2xx response, or undefined when it was empty. */
  async send(request: FhirHttpRequest): Promise<unknown> {
    let renewed = false;
    for (let attempt = 0; ;) {
      const token = await this.bearer();
      const exchange = await this.exchange(request, token);
      if (exchange.ok) return exchange.body;
      // A 401 means nothing was done, so even a create may be repeated: once, with a new token.
      if (exchange.error.status === 401 && this.tokens !== undefined && token !== undefined && !renewed) {
        renewed = true;
        this.tokens.invalidate(token);
        continue;
      }
      const delay = this.retryDelay(request, attempt++, exchange);
      if (delay === undefined) throw exchange.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private retryDelay(request: FhirHttpRequest, attempt: number, failure: Exchange & { ok: false }): number | undefined {
    // A 429 is repeated whatever the request: the server refused it without processing it
    // (RFC 6585 §4), so even a create or a transaction cannot be applied twice.
    if ((!request.idempotent && !failure.unprocessed) || !failure.transient || attempt >= this.retries)
      return undefined;
    const delay = failure.waitMs ?? BASE_BACKOFF_MS * 2 ** attempt;
    return delay <= MAX_RETRY_DELAY_MS ? delay : undefined;
  }

  private async exchange(request: FhirHttpRequest, token: string | undefined): Promise<Exchange> {
    const init: RequestInit = { method: request.method, headers: this.headersFor(request, token) };
    if (request.body !== undefined) init.body = JSON.stringify(request.body);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(request.url, { ...init, signal: controller.signal });
      text = await response.text();
    } catch (cause) {
      // A timed-out attempt is not repeated: the server may still be working on it.
      const timedOut = controller.signal.aborted;
      const what = timedOut ? `timed out after ${this.timeoutMs} ms` : `failed: ${String(cause)}`;
      const error = new FhirConnectionError(`${request.method} ${request.url} ${what}`, 0, undefined, { cause });
      return { ok: false, error, transient: !timedOut };
    } finally {
      clearTimeout(timer);
    }
    return interpret(response, text);
  }

  /** The token for the next attempt: from `auth`, else `accessToken`, else none. */
  private async bearer(): Promise<string | undefined> {
    if (this.tokens !== undefined) return this.tokens.accessToken();
    const { accessToken } = this.options;
    return typeof accessToken === 'function' ? await accessToken() : accessToken;
  }

  private headersFor(request: FhirHttpRequest, token: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { ...this.options.headers, ...request.headers, Accept: FHIR_JSON };
    if (request.body !== undefined) headers['Content-Type'] = FHIR_JSON;
    if (token) headers['Authorization'] = `Bearer ${token}`;
    return headers;
  }
}

function interpret(response: Response, text: string): Exchange {
  const body = parseJson(text);
  if (response.ok) {
    if (body === INVALID)
      return { ok: false, error: new FhirClientError('response body is not JSON', response.status), transient: false };
    return { ok: true, body };
  }
  const error = errorFromResponse(response.status, response.statusText, body === INVALID ? undefined : body);
  const transient = response.status === 429 || response.status === 503;
  const waitMs = retryAfterMs(response.headers.get('retry-after'), Date.now());
  const failure = { ok: false as const, error, transient, ...(response.status === 429 ? { unprocessed: true } : {}) };
  return waitMs === undefined ? failure : { ...failure, waitMs };
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}
