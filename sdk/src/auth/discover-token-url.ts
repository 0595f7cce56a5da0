import { errorFromResponse } from '../error-from-response.js';
import { FhirClientError } from '../errors.js';
import { fetchJson } from './http-json.js';

/**
 * The `token_endpoint` from `<baseUrl>/.well-known/smart-configuration`
 * (https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known).
 */
export async function discoverTokenUrl(fetchFn: typeof fetch, baseUrl: string, timeoutMs: number): Promise<string> {
  const url = `${baseUrl}/.well-known/smart-configuration`;
  const answer = await fetchJson(fetchFn, url, { headers: { Accept: 'application/json' } }, timeoutMs);
  if (answer.status !== 200) throw errorFromResponse(answer.status, answer.statusText, answer.body);
  const endpoint = (answer.body as { token_endpoint?: unknown } | undefined)?.token_endpoint;
  if (typeof endpoint !== 'string' || !/^https?:\/\//i.test(endpoint)) {
    throw new FhirClientError(`${url} names no http(s) token_endpoint`, answer.status);
  }
  return endpoint;
}
