import { OperationOutcomeError } from '../errors/outcome-error.js';
import { StoreConflictError } from '../store/port.js';
import { CONFLICT_ATTEMPTS, conflictBackoff } from './conflict-backoff.js';
import type { EngineContext } from './engine-context.js';
import type { FhirResult } from './fhir-request.js';
import type { PreparedWrite } from './prepared-write.js';

/** How a request answers the results of its unit's writes (the AuditEvent records that answer). */
export type Summary = (results: FhirResult[]) => FhirResult;

const firstResult: Summary = (results) => results[0] as FhirResult;

/**
 * Commits the writes of prepared requests as one unit and returns their results; the request's
 * success AuditEvent (context.unitAudit) joins the unit, even one that writes nothing.
 */
export async function commitPrepared(
  context: EngineContext,
  prepared: PreparedWrite[],
  summary: Summary = firstResult,
): Promise<FhirResult[]> {
  const writes = prepared.flatMap((p) => (p.write ? [p.write] : []));
  const results = prepared.map((p) => p.result);
  if (context.unitAudit && !context.unitAudit.written) await context.unitAudit.commit(writes, summary(results));
  else if (writes.length > 0) await context.auditChain.commit(writes, context.store);
  return results;
}

/**
 * Runs prepare → commit, preparing again when another writer won a race on the same resource
 * (optimistic concurrency, http.html#concurrency); `onConflict` decides when retrying is not
 * right (an explicit If-Match, a conditional create whose condition another writer claimed).
 */
export async function prepareAndCommit(
  context: EngineContext,
  prepare: () => Promise<PreparedWrite>,
  onConflict?: (error: StoreConflictError) => Promise<FhirResult | undefined>,
): Promise<FhirResult> {
  const [result] = await prepareAndCommitAll(context, async () => [await prepare()], onConflict);
  return result as FhirResult;
}

/** The same for several writes committed as one unit (a conditional delete of many). */
export async function prepareAndCommitAll(
  context: EngineContext,
  prepare: () => Promise<PreparedWrite[]>,
  onConflict: (error: StoreConflictError) => Promise<FhirResult | undefined> = async () => undefined,
  summary?: Summary,
): Promise<FhirResult[]> {
  for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
    try {
      return await commitPrepared(context, await prepare(), summary);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const answer = await onConflict(error);
      if (answer) return [answer];
      await conflictBackoff(attempt);
    }
  }
  throw OperationOutcomeError.of('transient', 'The resource is being changed by others; try again', undefined, 409);
}
