import { OperationOutcomeError } from '../errors/outcome-error.js';
import { StoreConflictError } from '../store/port.js';
import { CONFLICT_ATTEMPTS, conflictBackoff } from './conflict-backoff.js';
import type { EngineContext } from './engine-context.js';
import type { FhirResult } from './fhir-request.js';
import type { PreparedWrite } from './prepared-write.js';

/** Commits the writes of prepared requests as one unit and returns their results. */
export async function commitPrepared(context: EngineContext, prepared: PreparedWrite[]): Promise<FhirResult[]> {
  const writes = prepared.flatMap((p) => (p.write ? [p.write] : []));
  if (writes.length > 0) await context.auditChain.commit(writes, context.store);
  return prepared.map((p) => p.result);
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
): Promise<FhirResult[]> {
  for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
    try {
      return await commitPrepared(context, await prepare());
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const answer = await onConflict(error);
      if (answer) return [answer];
      await conflictBackoff(attempt);
    }
  }
  throw OperationOutcomeError.of('transient', 'The resource is being changed by others; try again', undefined, 409);
}
