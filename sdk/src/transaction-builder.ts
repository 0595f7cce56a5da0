import type { Bundle, BundleEntry, BundleEntryRequest, Resource, ResourceType } from '@medplum/fhirtypes';
import { type SearchParams, toQueryString } from './search-params.js';
import { weakETag } from './weak-etag.js';

/**
 * Builds a transaction or batch Bundle entry by entry (https://hl7.org/fhir/R4/http.html#transaction).
 * Entry URLs are relative to the server base, as the spec asks for `request.url`.
 */
export class TransactionBuilder {
  private readonly entries: BundleEntry[] = [];

  constructor(private readonly type: 'transaction' | 'batch') {}

  /**
   * A create. Give `fullUrl` (`urn:uuid:…`) when other entries reference the new resource; the
   * server rewrites those references to the id it assigns (https://hl7.org/fhir/R4/http.html#trules).
   */
  create(resource: Resource, options: { fullUrl?: string; ifNoneExist?: string } = {}): this {
    const request: BundleEntryRequest = { method: 'POST', url: resource.resourceType };
    if (options.ifNoneExist !== undefined) request.ifNoneExist = options.ifNoneExist;
    return this.add(
      options.fullUrl === undefined ? { resource, request } : { fullUrl: options.fullUrl, resource, request },
    );
  }

  /** An update of the resource's own id, optionally guarded by the versionId it was based on. */
  update(resource: Resource, options: { ifMatch?: string } = {}): this {
    if (!resource.id) throw new TypeError('update needs a resource with an id');
    const request: BundleEntryRequest = { method: 'PUT', url: `${resource.resourceType}/${resource.id}` };
    if (options.ifMatch !== undefined) request.ifMatch = weakETag(options.ifMatch);
    return this.add({ resource, request });
  }

  /** A conditional update: `PUT [type]?query` (https://hl7.org/fhir/R4/http.html#cond-update). */
  conditionalUpdate(resource: Resource, query: SearchParams): this {
    return this.add({ resource, request: { method: 'PUT', url: resource.resourceType + toQueryString(query) } });
  }

  /** A delete of one instance. */
  delete(type: ResourceType, id: string): this {
    return this.add({ request: { method: 'DELETE', url: `${type}/${id}` } });
  }

  /** The Bundle, ready for `FhirClient.transaction` or `FhirClient.batch`. */
  build(): Bundle {
    return { resourceType: 'Bundle', type: this.type, entry: [...this.entries] };
  }

  private add(entry: BundleEntry): this {
    this.entries.push(entry);
    return this;
  }
}
