import type { Bundle, BundleEntry, Resource, ResourceType } from '@medplum/fhirtypes';
import type { MappingResult } from '../mapping/mapping-result.js';
import type { FhirSink } from './fhir-sink.js';

/**
 * The Bundle of a stale message (a newer one about the same patient was applied first: an A01 behind
 * its A08, an old message replayed), rewritten so that it does not undo what is newer:
 * - an entry listed in `stateElements` whose conditional target exists is read, and written back as
 *   the stored resource with only the listed top-level elements taken from the message (absent in
 *   the message: removed), as `PUT Type/id` with `If-Match` on the version read, so that a write in
 *   between makes the transaction fail (412) and the attempt is retried, instead of being overwritten;
 * - every other conditional update becomes a conditional create (`ifNoneExist`): it fills in what
 *   does not exist yet and leaves what does (http.html#ccreate).
 * Entries that are already conditional creates, or not conditional, stay as they are.
 */
export async function reconcileStale(result: MappingResult, sink: Pick<FhirSink, 'search'>): Promise<Bundle> {
  const entries = await Promise.all(
    (result.bundle.entry ?? []).map((entry) =>
      reconcileEntry(entry, result.stateElements?.[entry.fullUrl ?? ''], sink),
    ),
  );
  return { ...result.bundle, entry: entries };
}

async function reconcileEntry(
  entry: BundleEntry,
  listed: readonly string[] | undefined,
  sink: Pick<FhirSink, 'search'>,
): Promise<BundleEntry> {
  const request = entry.request;
  if (request?.method !== 'PUT' || !request.url.includes('?')) return entry;
  const [type = '', query = ''] = request.url.split('?', 2);
  const createOnly: BundleEntry = { ...entry, request: { method: 'POST', url: type, ifNoneExist: query } };
  if (listed === undefined || entry.resource === undefined) return createOnly;
  const found = await sink.search(type as ResourceType, Object.fromEntries(new URLSearchParams(query)));
  const matches = (found.entry ?? []).filter((e) => e.search?.mode !== 'include' && e.resource?.resourceType === type);
  const stored = matches[0]?.resource;
  if (matches.length !== 1 || stored?.id === undefined) return matches.length === 0 ? createOnly : entry;
  return {
    ...entry,
    resource: withElements(stored, entry.resource, listed),
    request: {
      method: 'PUT',
      url: `${type}/${stored.id}`,
      ...(stored.meta?.versionId === undefined ? {} : { ifMatch: `W/"${stored.meta.versionId}"` }),
    },
  };
}

/** `stored` with `elements` as the message has them; the version bookkeeping is the server's. */
function withElements(stored: Resource, mapped: Resource, elements: readonly string[]): Resource {
  const merged: Record<string, unknown> = { ...stored };
  const source = mapped as unknown as Record<string, unknown>;
  for (const name of elements) {
    if (source[name] === undefined) delete merged[name];
    else merged[name] = source[name];
  }
  const { versionId: _v, lastUpdated: _l, ...meta } = stored.meta ?? {};
  if (Object.keys(meta).length === 0) delete merged['meta'];
  else merged['meta'] = meta;
  return merged as unknown as Resource;
}
