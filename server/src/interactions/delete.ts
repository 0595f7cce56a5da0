import { prepareAndCommit } from './commit.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';
import type { ResourceRecord } from '../store/port.js';
import type { PreparedWrite } from './prepared-write.js';
import { buildTombstone } from './resource-record.js';
import { changeTarget } from './resource-body.js';
import { assertWritePreconditions, nextVersionId } from './versioning.js';
import { retryUnlessPinned } from './update.js';

/**
 * delete: DELETE [base]/[type]/[id] (http.html#delete). Deleting writes a tombstone version,
 * so history keeps the delete and a later read answers 410. Deleting what does not exist, or
 * is deleted already, succeeds without writing (the spec allows 200/204 for both); If-Match
 * must name the current version, else 412 and nothing is deleted (http.html#concurrency).
 */
export async function prepareDelete(request: FhirRequest, context: EngineContext): Promise<PreparedWrite> {
  const { type, id } = changeTarget(request, context);
  const current = await context.store.read(type, id);
  assertWritePreconditions(current, request.headers);
  if (!current || current.deleted) return { result: { status: 204 } };
  return tombstoneWrite(current, context);
}

/** The delete of a live current version: a tombstone expecting it still current at commit. */
export function tombstoneWrite(current: ResourceRecord, context: EngineContext): PreparedWrite {
  const record = buildTombstone(current, nextVersionId(current.versionId), context);
  return {
    write: { record, expectedVersionId: current.versionId },
    result: { status: 204, versionId: record.versionId, lastUpdated: record.lastUpdated },
  };
}

export const deleteResource: InteractionHandler = (request, context) =>
  prepareAndCommit(context, () => prepareDelete(request, context), retryUnlessPinned(request));
