import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { HistoryRequest, ResourceRecord } from '../store/port.js';
import { pageLinks, pagingParams } from './bundle-links.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';
import { versionsCurrentDuring } from './history-at.js';
import { assertKnownType, assertValidId } from './resource-body.js';
import { etagFor } from './versioning.js';

/**
 * The newest lastUpdated the first page showed, carried in its paging links. History is
 * append-only and newest first, so offsets counted below this bound never move while others
 * write: later versions are left out of the pages that follow (search.html#paging).
 */
const SNAPSHOT_PARAM = '_until';

/**
 * history at instance, type and system level (http.html#history): newest first, deletes
 * included as entries without a resource, `_since`, `_at` and `_count` honoured, paged by
 * `_offset` below the first page's snapshot; each entry's request shows the method that wrote
 * the version.
 */
export const history: InteractionHandler = async (request, context) => {
  const historyRequest = historyScope(request, context);
  const since = request.query.find(([name]) => name === '_since')?.[1];
  if (since !== undefined) historyRequest.since = parseInstant(since);
  const at = request.query.find(([name]) => name === '_at')?.[1];
  const snapshot = request.query.find(([name]) => name === SNAPSHOT_PARAM)?.[1];
  if (snapshot !== undefined && at === undefined) historyRequest.until = parseInstant(snapshot, SNAPSHOT_PARAM);
  const found =
    at === undefined
      ? await context.store.history(historyRequest)
      : await versionsCurrentDuring(historyRequest, at, context);
  if (found.total === 0 && historyRequest.id !== undefined) await assertEverExisted(historyRequest, context);
  const path = [request.resourceType, request.id, '_history'].filter(Boolean).join('/');
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'history',
    total: found.total,
    // Links repeat only what was applied: `_since`, `_at` (paging is added by pageLinks), and the
    // format parameters, so the next page comes in the format this one did (http.html#parameters).
    link: pageLinks(
      `${context.baseUrl}/${path}`,
      [
        ...request.query.filter(([name]) => ['_since', '_at', '_format', '_pretty'].includes(name)),
        ...snapshotParam(
          historyRequest.until ??
            (at === undefined && historyRequest.offset === 0 ? found.records[0]?.lastUpdated : undefined),
        ),
      ],
      {
        offset: historyRequest.offset,
        count: historyRequest.count,
        returned: found.records.length,
        total: found.total,
      },
    ),
    entry: found.records.map((record) => historyEntry(record, context.baseUrl)),
  };
  return { status: 200, resource: bundle };
};

function historyScope(request: FhirRequest, context: EngineContext): HistoryRequest {
  const scope: HistoryRequest = pagingParams(request.query, context.paging);
  if (request.interaction !== 'history-system') scope.resourceType = assertKnownType(request.resourceType, context);
  // A caller's store reads only what it may see: it is told every type, and keeps its own.
  else if (context.access !== undefined) scope.resourceTypes = [...context.validator.resourceTypes];
  if (request.interaction === 'history-instance') scope.id = assertValidId(request.id ?? '');
  return scope;
}

/** The history of an id that never existed is a 404, as its read is (http.html#history). */
async function assertEverExisted(scope: HistoryRequest, context: EngineContext): Promise<void> {
  if (!(await context.store.read(scope.resourceType ?? '', scope.id ?? ''))) {
    throw OperationOutcomeError.of('not-found', `${scope.resourceType}/${scope.id} is not known`, undefined, 404);
  }
}

/** The first page fixes the snapshot; `_at` fixes its own period and needs none. */
function snapshotParam(until: string | undefined): Array<[string, string]> {
  return until === undefined ? [] : [[SNAPSHOT_PARAM, until]];
}

function parseInstant(value: string, name = '_since'): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw OperationOutcomeError.of('invalid', `${name} must be an instant such as 2026-01-01T00:00:00Z`, name);
  }
  return new Date(time).toISOString();
}

function historyEntry(record: ResourceRecord, baseUrl: string): BundleEntry {
  const url = `${record.resourceType}/${record.id}`;
  // Versions stored before the method was kept: a first version was most likely a create.
  const method = record.method ?? (record.deleted ? 'DELETE' : record.versionId === '1' ? 'POST' : 'PUT');
  const entry: BundleEntry = {
    fullUrl: `${baseUrl}/${url}`,
    request: { method, url: method === 'POST' ? record.resourceType : url },
    response: {
      status: record.deleted ? '204' : record.versionId === '1' || record.recreated ? '201' : '200',
      etag: etagFor(record.versionId),
      lastModified: record.lastUpdated,
    },
  };
  if (record.resource) entry.resource = record.resource;
  return entry;
}
