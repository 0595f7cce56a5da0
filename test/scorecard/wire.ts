import type { Bundle, Resource } from '@medplum/fhirtypes';
import { raw } from '../support/raw-http.js';

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, when it is JSON. */
  json: Resource | undefined;
}

export interface WireOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Plain HTTP against a FHIR base: no SDK, so the scorecard sees exactly what any client would.
 * A string body is sent as is (XML, forms, patches); anything else as FHIR JSON.
 */
export class Wire {
  constructor(readonly baseUrl: string) {}

  async send(method: string, path: string, options: WireOptions = {}): Promise<WireResponse> {
    const response = await raw(this.baseUrl, path, { method, ...options, timeoutMs: 30_000 });
    return { ...response, json: response.json as Resource | undefined };
  }

  /** POST a resource and return it as created (throws unless 201). */
  async create<T extends Resource>(resource: T): Promise<T & { id: string }> {
    const response = await this.send('POST', resource.resourceType, { body: resource });
    expectStatus(response, 201);
    return response.json as T & { id: string };
  }

  /** GET a searchset/history Bundle (throws unless 200 and a Bundle). */
  async bundle(path: string, headers: Record<string, string> = {}): Promise<Bundle> {
    const response = await this.send('GET', path, { headers });
    expectStatus(response, 200);
    if (response.json?.resourceType !== 'Bundle') throw new Error(`GET ${path}: not a Bundle`);
    return response.json as Bundle;
  }

  /** The `Type/id` of a search's matches (search.mode match), in order; `pages` follows `next` links. */
  async matches(path: string, pages = 1): Promise<string[]> {
    const found: string[] = [];
    let url: string | undefined = path;
    for (let page = 0; url !== undefined && page < pages; page++) {
      const bundle = await this.bundle(url);
      for (const e of bundle.entry ?? [])
        if (e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
          found.push(`${e.resource?.resourceType ?? ''}/${e.resource?.id ?? ''}`);
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return found;
  }
}

export function expectStatus(response: WireResponse, ...expected: number[]): void {
  if (!expected.includes(response.status))
    throw new Error(`expected HTTP ${expected.join(' or ')}, got ${response.status}: ${response.text.slice(0, 200)}`);
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Same members, any order. */
export function expectSame(actual: string[], expected: string[], what: string): void {
  const a = [...actual].sort();
  const e = [...expected].sort();
  if (JSON.stringify(a) !== JSON.stringify(e))
    throw new Error(`${what}: expected [${e.join(', ')}], got [${a.join(', ')}]`);
}
