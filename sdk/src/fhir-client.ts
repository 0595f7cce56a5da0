import type { Bundle, CapabilityStatement, Resource, ResourceType } from '@medplum/fhirtypes';
import { FhirClientError } from './errors.js';
import type { ExtractResource } from './extract-resource.js';
import type { FhirClientOptions } from './fhir-client-options.js';
import { type FhirHttpRequest, RequestSender } from './request-sender.js';
import { type SearchParams, toQueryString } from './search-params.js';
import { weakETag } from './weak-etag.js';

/** Options of {@link FhirClient.create}. */
export interface CreateOptions {
  /**
   * A search query (`identifier=http://x|1`) that makes the create conditional: the server
   * creates only when nothing matches (https://hl7.org/fhir/R4/http.html#ccreate). Such a create
   * is idempotent, so it is also the only create the client retries.
   */
  ifNoneExist?: string;
}

/** Options of {@link FhirClient.update}. */
export interface UpdateOptions {
  /** The versionId the change is based on; sent as `If-Match: W/"<versionId>"` (https://hl7.org/fhir/R4/http.html#concurrency). */
  ifMatch?: string;
}

/**
 * A typed client for the RESTful FHIR R4 API (https://hl7.org/fhir/R4/http.html). Methods are
 * generic over the resource type name, so `read('Patient', id)` resolves to a `Patient`.
 * Failures reject with a {@link FhirClientError} subclass chosen by status.
 */
export class FhirClient {
  private readonly baseUrl: string;
  private readonly sender: RequestSender;

  constructor(options: FhirClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.sender = new RequestSender(options);
  }

  /** create: `POST [base]/[type]` (https://hl7.org/fhir/R4/http.html#create). */
  create<R extends Resource>(resource: R, options: CreateOptions = {}): Promise<ExtractResource<R['resourceType']>> {
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (options.ifNoneExist !== undefined) headers['If-None-Exist'] = options.ifNoneExist;
    const url = this.url(resource.resourceType);
    return this.resource<ExtractResource<R['resourceType']>>({
      method: 'POST',
      url,
      body: resource,
      headers,
      idempotent: options.ifNoneExist !== undefined,
    });
  }

  /** read: `GET [base]/[type]/[id]` (https://hl7.org/fhir/R4/http.html#read). */
  read<T extends ResourceType>(type: T, id: string): Promise<ExtractResource<T>> {
    return this.resource({ method: 'GET', url: this.url(type, id), idempotent: true });
  }

  /** vread: `GET [base]/[type]/[id]/_history/[vid]` (https://hl7.org/fhir/R4/http.html#vread). */
  vread<T extends ResourceType>(type: T, id: string, versionId: string): Promise<ExtractResource<T>> {
    return this.resource({ method: 'GET', url: this.url(type, id, '_history', versionId), idempotent: true });
  }

  /** update: `PUT [base]/[type]/[id]`; the resource must carry its id (https://hl7.org/fhir/R4/http.html#update). */
  update<R extends Resource>(resource: R, options: UpdateOptions = {}): Promise<ExtractResource<R['resourceType']>> {
    if (!resource.id) throw new TypeError('update needs a resource with an id');
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (options.ifMatch !== undefined) headers['If-Match'] = weakETag(options.ifMatch);
    const url = this.url(resource.resourceType, resource.id);
    return this.resource<ExtractResource<R['resourceType']>>({
      method: 'PUT',
      url,
      body: resource,
      headers,
      idempotent: true,
    });
  }

  /** delete: `DELETE [base]/[type]/[id]` (https://hl7.org/fhir/R4/http.html#delete). */
  async delete(type: ResourceType, id: string): Promise<void> {
    await this.sender.send({ method: 'DELETE', url: this.url(type, id), idempotent: true });
  }

  /** search-type: `GET [base]/[type]?params`, one page (https://hl7.org/fhir/R4/http.html#search). */
  search<T extends ResourceType>(type: T, params?: SearchParams): Promise<Bundle<ExtractResource<T>>> {
    return this.bundle(this.url(type) + toQueryString(params));
  }

  /**
   * Every match of a search, page after page, following the Bundle's `next` links
   * (https://hl7.org/fhir/R4/http.html#paging). Included resources are skipped. A `next` link
   * outside the base URL is refused, so the bearer token is never sent to another server.
   */
  async *searchAll<T extends ResourceType>(type: T, params?: SearchParams): AsyncIterable<ExtractResource<T>> {
    let url: string | undefined = this.url(type) + toQueryString(params);
    const seen = new Set<string>();
    while (url !== undefined) {
      // A server whose next link leads back to a page already read would loop for ever.
      if (seen.has(url)) throw new FhirClientError(`the next link repeats a page already read: ${url}`, 0);
      seen.add(url);
      const page: Bundle<ExtractResource<T>> = await this.bundle(url);
      for (const entry of page.entry ?? []) {
        if (entry.resource?.resourceType === type && entry.search?.mode !== 'include') yield entry.resource;
      }
      url = this.nextLink(page);
    }
  }

  /**
   * history: of one instance, of a type, or of the whole system, depending on what is given
   * (https://hl7.org/fhir/R4/http.html#history).
   */
  history<T extends ResourceType>(type?: T, id?: string, params?: SearchParams): Promise<Bundle<ExtractResource<T>>> {
    if (id !== undefined && type === undefined) throw new TypeError('instance history needs a resource type');
    const path = [type, id].filter((part): part is string => part !== undefined);
    return this.bundle(this.url(...path, '_history') + toQueryString(params));
  }

  /** transaction: all entries or none (https://hl7.org/fhir/R4/http.html#transaction). */
  transaction(bundle: Bundle): Promise<Bundle> {
    return this.postBundle(bundle, 'transaction');
  }

  /** batch: each entry on its own (https://hl7.org/fhir/R4/http.html#transaction). */
  batch(bundle: Bundle): Promise<Bundle> {
    return this.postBundle(bundle, 'batch');
  }

  /** capabilities: `GET [base]/metadata` (https://hl7.org/fhir/R4/http.html#capabilities). */
  capabilities(): Promise<CapabilityStatement> {
    return this.resource({ method: 'GET', url: this.url('metadata'), idempotent: true });
  }

  private postBundle(bundle: Bundle, type: 'transaction' | 'batch'): Promise<Bundle> {
    if (bundle.type !== type) throw new TypeError(`expected a Bundle of type ${type}, got ${bundle.type}`);
    // Not idempotent: a transaction whose reply was lost may already be committed.
    return this.resource({ method: 'POST', url: this.baseUrl, body: bundle, idempotent: false });
  }

  private bundle<T extends Resource>(url: string): Promise<Bundle<T>> {
    return this.resource({ method: 'GET', url, idempotent: true });
  }

  /** Trusts the server to answer with the resource asked for; an empty 2xx body is an error. */
  private async resource<R>(request: FhirHttpRequest): Promise<R> {
    const body = await this.sender.send(request);
    if (body === undefined) throw new FhirClientError(`${request.method} ${request.url} returned no resource`, 0);
    return body as R;
  }

  private nextLink(page: Bundle): string | undefined {
    const next = page.link?.find((link) => link.relation === 'next')?.url;
    if (next === undefined) return undefined;
    let resolved: string;
    try {
      resolved = new URL(next, `${this.baseUrl}/`).href;
    } catch {
      throw new FhirClientError(`the server sent a malformed next link: ${next}`, 0);
    }
    if (!resolved.startsWith(`${this.baseUrl}/`) && resolved !== this.baseUrl) {
      throw new FhirClientError(`refusing to follow a next link outside ${this.baseUrl}: ${resolved}`, 0);
    }
    return resolved;
  }

  private url(...segments: string[]): string {
    return [this.baseUrl, ...segments.map(encodeURIComponent)].join('/');
  }
}
