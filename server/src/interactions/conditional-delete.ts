import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord } from '../store/port.js';
import { prepareAndCommitAll } from './commit.js';
import { findConditionalMatches } from './conditional-match.js';
import { tombstoneWrite } from './delete.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest, FhirResult } from './fhir-request.js';
import { assertWritableType } from './resource-body.js';

/**
 * Most resources one conditional delete removes (CapabilityStatement conditionalDelete =
 * multiple): a condition that matches more is a 412 and deletes nothing, so that a loose
 * condition cannot wipe a whole type in one request.
 */
export const MAX_CONDITIONAL_DELETES = 100;

/**
 * The live resources a conditional delete, DELETE [base]/[type]?[search] (http.html#3.1.0.7.1),
 * removes: every match, up to `max`; more is a 412. An empty condition is a 400.
 */
export async function conditionalDeleteTargets(
  request: FhirRequest,
  context: EngineContext,
  expression: string,
  max: number,
): Promise<ResourceRecord[]> {
  const type = assertWritableType(request.resourceType, context);
  const matches = await findConditionalMatches(context, type, request.query, expression, max + 1);
  if (matches.length > max) {
    throw OperationOutcomeError.of(
      'multiple-matches',
      `The condition matches more than ${max} resource${max === 1 ? '' : 's'}; nothing was deleted`,
      expression,
      412,
    );
  }
  return matches;
}

/**
 * Conditional delete: no match is a success that deletes nothing (204, as a delete of an
 * unknown id); one or several matches are deleted together, as one unit of work, and a lost
 * race re-runs the condition. Every deleted resource is audited.
 */
export const conditionalDelete: InteractionHandler = async (request, context) => {
  let deleted: ResourceRecord[] = [];
  const summary = (results: FhirResult[]): FhirResult => {
    const [only] = results;
    const answer: FhirResult = results.length === 1 && only ? only : { status: 204 };
    return { ...answer, affected: deleted.map(({ resourceType, id }) => `${resourceType}/${id}`) };
  };
  const results = await prepareAndCommitAll(
    context,
    async () => {
      deleted = await conditionalDeleteTargets(request, context, 'url', MAX_CONDITIONAL_DELETES);
      return deleted.map((match) => tombstoneWrite(match, context));
    },
    undefined,
    summary,
  );
  return summary(results);
};
