import type { Bundle, BundleEntry, BundleEntryResponse, OperationOutcome } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { EngineContext } from '../engine-context.js';
import type { FhirRequest, FhirResult } from '../fhir-request.js';
import { preferredBody } from '../prefer-return.js';
import { etagFor } from '../versioning.js';

/** The Bundle a batch/transaction request carries, checked for the shape bundle.html requires. */
export function assertRequestBundle(body: unknown, maxEntries: number): Bundle & { type: 'batch' | 'transaction' } {
  const bundle = body as Bundle | undefined;
  if (bundle?.resourceType !== 'Bundle') {
    throw OperationOutcomeError.of('invalid', 'POST to the base URL takes a Bundle', 'Bundle.resourceType');
  }
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw OperationOutcomeError.of('invalid', 'Bundle.type must be batch or transaction', 'Bundle.type');
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
    throw OperationOutcomeError.of('structure', 'Bundle.entry must be an array', 'Bundle.entry');
  }
  if ((bundle.entry?.length ?? 0) > maxEntries) {
    throw OperationOutcomeError.of('too-long', `A Bundle may carry at most ${maxEntries} entries`, 'Bundle.entry', 413);
  }
  return bundle as Bundle & { type: 'batch' | 'transaction' };
}

/** A search entry's `_count` bounded by the bundle's page size (a larger one is lowered). */
export function withBundleSearchCount(request: FhirRequest, maxSearchCount: number): FhirRequest {
  if (!['search-type', 'search-compartment', 'search-system'].includes(request.interaction)) return request;
  const asked = Number(request.query.find(([name]) => name === '_count')?.[1] ?? maxSearchCount);
  // A malformed `_count` is left for the search to refuse.
  if (!Number.isInteger(asked) || asked < 0) return request;
  const count = Math.min(asked, maxSearchCount);
  return { ...request, query: [...request.query.filter(([name]) => name !== '_count'), ['_count', String(count)]] };
}

/** An entry's request as a FhirRequest, parsed with the server's own URL grammar. */
export function entryRequest(entry: BundleEntry, index: number, context: EngineContext, prefer?: string): FhirRequest {
  const path = `Bundle.entry[${index}].request`;
  // The Bundle is not schema-validated as a whole (one bad entry must not sink a batch), so
  // the shape this code relies on is checked here.
  const method: unknown = entry.request?.method;
  const url: unknown = entry.request?.url;
  if (typeof method !== 'string' || typeof url !== 'string' || !method || !url) {
    throw OperationOutcomeError.of('required', 'Each entry needs request.method and request.url (strings)', path);
  }
  const parsed = context.parseEntryRequest(
    method,
    url.startsWith(context.baseUrl) ? url.slice(context.baseUrl.length) : url,
  );
  const headers: FhirRequest['headers'] = {};
  if (entry.request?.ifMatch) headers.ifMatch = entry.request.ifMatch;
  if (entry.request?.ifNoneExist !== undefined) headers.ifNoneExist = entry.request.ifNoneExist;
  if (entry.request?.ifNoneMatch) headers.ifNoneMatch = entry.request.ifNoneMatch;
  if (entry.request?.ifModifiedSince) headers.ifModifiedSince = entry.request.ifModifiedSince;
  if (prefer) headers.prefer = prefer;
  return { ...parsed, headers, ...(entry.resource ? { body: entry.resource } : {}) };
}

/**
 * An entry of a batch-response/transaction-response Bundle (bundle.html#transaction-response):
 * a read or search carries its resource; a write what `Prefer: return=` asks (http.html#ops),
 * the resource or an informational outcome, by default neither.
 */
export function responseEntry(
  result: FhirResult,
  context: EngineContext,
  request: FhirRequest,
  prefer: string | undefined,
): BundleEntry {
  const response: BundleEntryResponse = { status: statusLine(result.status) };
  if (result.location) response.location = result.location;
  if (result.versionId) response.etag = etagFor(result.versionId);
  if (result.lastUpdated) response.lastModified = result.lastUpdated;
  const entry: BundleEntry = { response };
  if (result.resource && 'id' in result.resource && result.resource.resourceType !== 'Bundle') {
    entry.fullUrl = `${context.baseUrl}/${result.resource.resourceType}/${result.resource.id ?? ''}`;
  }
  const body = preferredBody(request.interaction, result, prefer, 'minimal');
  if (body && body === result.resource) entry.resource = body;
  else if (body?.resourceType === 'OperationOutcome') response.outcome = body;
  return entry;
}

/** A failed batch entry: its status and the OperationOutcome that explains it. */
export function errorEntry(error: OperationOutcomeError): BundleEntry {
  const outcome: OperationOutcome = error.outcome;
  return { response: { status: statusLine(error.status), outcome } };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

function statusLine(status: number): string {
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}
