import { FhirConnectionError } from '../errors.js';

/** A response the token code reads: its status and its body parsed as JSON (undefined if it is not JSON). */
export interface JsonAnswer {
  status: number;
  statusText: string;
  body: unknown;
}

/** One exchange with the authorization server, bounded by `timeoutMs`; no retries. */
export async function fetchJson(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<JsonAnswer> {
  const method = init.method ?? 'GET';
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await response.text();
  } catch (cause) {
    throw new FhirConnectionError(`${method} ${url} failed: ${String(cause)}`, 0, undefined, { cause });
  }
  return { status: response.status, statusText: response.statusText, body: parse(text) };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
