import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { parseSearchRequest } from '../../search/parse-search-request.js';
import type { EngineContext } from '../engine-context.js';
import type { FhirRequest } from '../fhir-request.js';
import { recordResult } from '../record-result.js';
import { assertKnownType } from '../resource-body.js';

/**
 * The reads of a transaction run after its writes (bundle.html#transaction, step 4), yet the
 * transaction succeeds or fails as a whole (http.html#transaction): a read that failed after
 * the commit could not undo it. So each read is shown able to succeed before anything is
 * written: its type is known, a search's parameters parse, and a read or vread names a
 * resource that exists once the writes are applied. `writes` maps each written `Type/id` to
 * the interaction writing it.
 */
export async function assertReadCanSucceed(
  request: FhirRequest,
  index: number,
  writes: ReadonlyMap<string, FhirRequest['interaction']>,
  context: EngineContext,
): Promise<void> {
  const at = `Bundle.entry[${index}].request.url`;
  try {
    const type = assertKnownType(request.resourceType, context);
    if (request.interaction === 'search-type') parseSearchRequest(type, request.query, context.registry);
    if (request.interaction !== 'read' && request.interaction !== 'vread') return;
    const target = `${type}/${request.id ?? ''}`;
    const writer = writes.get(target);
    if (writer === 'delete' && request.interaction === 'read') {
      throw OperationOutcomeError.of('deleted', `${target} is deleted by this transaction`, undefined, 410);
    }
    if (writer !== undefined) return;
    const record =
      request.interaction === 'read'
        ? await context.store.read(type, request.id ?? '')
        : await context.store.vread(type, request.id ?? '', request.versionId ?? '');
    recordResult(record, target);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    const [issue] = error.outcome.issue;
    throw OperationOutcomeError.of(issue?.code ?? 'invalid', issue?.diagnostics ?? error.message, at, error.status);
  }
}
