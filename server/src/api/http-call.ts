import type { Bundle, Resource } from '@medplum/fhirtypes';
import { xmlToJson } from '../http/xml/xml-to-json.js';
import type { TestServer } from './test-server.js';

export const FHIR_JSON = 'application/fhir+json';

export interface CallOptions {
  /** A string is sent as it is (bad JSON, forms); anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** An access token, sent as `Authorization: Bearer …` (startTestServer({ auth: true })). */
  token?: string;
}

export interface CallResult<T extends Resource = Resource> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (an XML answer read into its JSON form); undefined when empty. */
  body: T | undefined;
}

/** One HTTP request to the FHIR base; `path` is relative (`Patient/1`) or an absolute URL. */
export async function call<T extends Resource = Resource>(
  server: TestServer,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const url = /^https?:/.test(path) ? path : `${server.baseUrl}/${path}`;
  const headers: Record<string, string> = {
    Accept: FHIR_JSON,
    ...(options.token !== undefined ? { Authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= FHIR_JSON;
  }
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text === '' ? undefined : (parseAnswer(text, response.headers.get('content-type') ?? '') as T),
  };
}

function parseAnswer(text: string, type: string): unknown {
  return /^application\/fhir\+xml/.test(type) ? xmlToJson(text, 256) : JSON.parse(text);
}

/** POST [base]/[type] and the resource as stored (the test fails unless it is a 201). */
export async function created<T extends Resource>(
  server: TestServer,
  resource: T,
  token?: string,
): Promise<T & { id: string }> {
  const result = await call<T>(server, 'POST', resource.resourceType, {
    body: resource,
    ...(token !== undefined ? { token } : {}),
  });
  if (result.status !== 201 || !result.body?.id) throw new Error(`create answered ${result.status}: ${result.text}`);
  return result.body as T & { id: string };
}

/** GET a search or history URL and the Bundle it answers. */
export async function bundle(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Bundle> {
  const result = await call<Bundle>(server, 'GET', path, { headers });
  if (result.status !== 200 || result.body?.resourceType !== 'Bundle')
    throw new Error(`GET ${path} answered ${result.status}: ${result.text}`);
  return result.body;
}

/** The ids of a Bundle's resources of one type, in order. */
export function idsOf(result: Bundle, resourceType = 'Patient'): string[] {
  return (result.entry ?? []).flatMap((entry) =>
    entry.resource?.resourceType === resourceType && entry.resource.id ? [entry.resource.id] : [],
  );
}
