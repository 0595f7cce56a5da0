// Raw HTTP against the FHIR endpoint, for what the SDK deliberately hides: headers (ETag,
// Location, Last-Modified), bad bodies and wrong media types.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { authorizationFor } from './server-credentials.js';

export const FHIR_JSON = 'application/fhir+json';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Abort after this long, so a hanging server fails the caller instead of stalling it. */
  timeoutMs?: number;
  /**
   * Send no admin token (server-credentials.ts); an `Authorization` in `headers` replaces it anyway.
   * Default: false.
   */
  anonymous?: boolean;
}

/** One request; `path` is relative to the FHIR base (`Patient/1`) or absolute. */
export async function raw(baseUrl: string, path: string, request: RawRequest = {}): Promise<RawResponse> {
  const url = /^https?:/.test(path) ? path : `${baseUrl}/${path.replace(/^\/+/, '')}`;
  const bearer = request.anonymous ? {} : await authorizationFor(url);
  const headers: Record<string, string> = { Accept: FHIR_JSON, ...bearer, ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['Content-Type'] ??= FHIR_JSON;
  }
  const response = await fetch(url, {
    method: request.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
    ...(request.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(request.timeoutMs) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Words that only appear when an internal error or a stack trace leaks to the client. */
const LEAKS = [
  /\n\s+at\s/,
  /node:internal/,
  /\.js:\d+/,
  /\.ts:\d+/,
  /TypeError|ReferenceError|RangeError/,
  /MongoServerError|mingo/i,
];

/**
 * The server refused the request properly: a 4xx (the one given, or any), an OperationOutcome
 * body with at least one error issue, and nothing that looks like a stack trace.
 */
export function expectRefusal(response: RawResponse, what: string, status?: number): OperationOutcome {
  const shown = `${what}: HTTP ${response.status} ${response.text.slice(0, 400)}`;
  if (status === undefined) expect(response.status, shown).to.be.within(400, 499);
  else expect(response.status, shown).to.equal(status);
  const outcome = response.json as OperationOutcome | undefined;
  expect(outcome?.resourceType, `${shown} (body must be an OperationOutcome)`).to.equal('OperationOutcome');
  expect(
    outcome?.issue?.some((issue) => issue.severity === 'error' || issue.severity === 'fatal'),
    `${shown} (needs an error issue)`,
  ).to.equal(true);
  for (const leak of LEAKS) expect(response.text, `${shown} (leaks internals: ${leak})`).not.to.match(leak);
  return outcome as OperationOutcome;
}
