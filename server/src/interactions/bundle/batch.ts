import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { StoreConflictError } from '../../store/port.js';
import type { EngineContext, InteractionHandler } from '../engine-context.js';
import type { FhirRequest, FhirResult } from '../fhir-request.js';
import {
  assertRequestBundle,
  withBundleSearchCount,
  entryRequest,
  errorEntry,
  responseEntry,
} from './bundle-entries.js';
import { ReferenceResolver } from './reference-resolver.js';
import { transaction } from './transaction.js';
import { EventLoopPacer } from '../../concurrency/event-loop-pacer.js';
import { StaleKeyHolders } from '../unique-key-claims.js';
import { CONFLICT_ATTEMPTS, conflictBackoff } from '../conflict-backoff.js';
import { asOutcomeError } from '../store-errors.js';

type Dispatch = (request: FhirRequest) => Promise<FhirResult>;
/** The engine's gate (`authorize.ts`); `at` is the entry's path, for the error. */
type Gate = (request: FhirRequest, at: string) => void;

/**
 * POST [base] with a batch or transaction Bundle (http.html#transaction). Batch entries are
 * independent (bundle.html#batch): each goes through the ordinary interaction, in order, and
 * fails on its own; conditional references are resolved, so a feed's later entries can point
 * at what earlier ones created. A transaction is all or nothing (see `transaction.ts`); its
 * writes do not pass through `dispatch`, so every entry is gated before anything is planned:
 * one entry the caller may not run fails the whole transaction, nothing applied
 * (SMART: "batch and transaction requests should be validated based on the actual requests
 * within them"). A batch entry is gated by `dispatch` and fails on its own.
 */
export function batchOrTransaction(dispatch: Dispatch, gate: Gate): InteractionHandler {
  return async (request, context) => {
    const { maxEntries, maxSearchCount } = context.bundleLimits;
    const bundle = assertRequestBundle(request.body, maxEntries);
    const run = (entry: FhirRequest) => {
      const bounded = withBundleSearchCount(entry, maxSearchCount);
      return dispatch(request.actor ? { ...bounded, actor: request.actor } : bounded);
    };
    if (bundle.type === 'transaction') {
      await gateEntries(bundle, request, context, gate);
      return transactionWithRetry(bundle, request.headers.prefer, context, run);
    }
    const entries = await new EventLoopPacer().map(bundle.entry ?? [], (entry, index) =>
      batchEntry(entry, index, request.headers.prefer, context, run),
    );
    const response: Bundle = { resourceType: 'Bundle', type: 'batch-response', entry: entries };
    return { status: 200, resource: response };
  };
}

async function gateEntries(bundle: Bundle, request: FhirRequest, context: EngineContext, gate: Gate): Promise<void> {
  if (request.actor === undefined) return;
  const { actor } = request;
  await new EventLoopPacer().forEach(bundle.entry ?? [], (entry, index) =>
    gate({ ...entryRequest(entry, index, context), actor }, `Bundle.entry[${index}]`),
  );
}

async function batchEntry(
  entry: BundleEntry,
  index: number,
  prefer: string | undefined,
  context: EngineContext,
  run: (request: FhirRequest) => Promise<FhirResult>,
): Promise<BundleEntry> {
  try {
    const request = entryRequest(entry, index, context, prefer);
    if (request.interaction === 'batch')
      throw OperationOutcomeError.of('not-supported', 'Bundles do not nest', `Bundle.entry[${index}]`);
    await new ReferenceResolver(context, new Map()).rewrite(request.body, `Bundle.entry[${index}].resource`);
    return responseEntry(await run(request), context, request, prefer);
  } catch (caught) {
    const error = asOutcomeError(caught);
    if (error instanceof OperationOutcomeError) return errorEntry(error);
    context.logger.error('batch entry failed', { entry: index, error });
    return errorEntry(OperationOutcomeError.of('exception', 'The entry could not be processed'));
  }
}

async function transactionWithRetry(
  bundle: Bundle,
  prefer: string | undefined,
  context: EngineContext,
  run: (request: FhirRequest) => Promise<FhirResult>,
): Promise<FhirResult> {
  const staleHolders = new StaleKeyHolders();
  for (let attempt = 1; ; attempt++) {
    try {
      // Planning rewrites references in place, so every attempt starts from the original
      // (cloned entry by entry: one clone of 10,000 entries holds the event loop for 100+ ms).
      const entry = bundle.entry && (await new EventLoopPacer().map(bundle.entry, (e) => structuredClone(e)));
      return await transaction({ ...bundle, ...(entry ? { entry } : {}) }, prefer, context, run, staleHolders);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      staleHolders.learn(error);
      if (attempt >= CONFLICT_ATTEMPTS) {
        throw OperationOutcomeError.of(
          'conflict',
          `Entries of the transaction were changed concurrently (${error.resourceType})`,
          undefined,
          409,
        );
      }
      await conflictBackoff(attempt);
    }
  }
}
