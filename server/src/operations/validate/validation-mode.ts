import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { EngineContext } from '../../interactions/engine-context.js';
import type { FhirRequest } from '../../interactions/fhir-request.js';
import { assertUpdateId, changeTarget } from '../../interactions/resource-body.js';

/** $validate's `mode` (http://hl7.org/fhir/R4/valueset-resource-validation-mode.html). */
export type ValidationMode = 'create' | 'update' | 'delete';

/**
 * What the interaction of the mode would refuse beyond the content, by the interaction's own
 * checks: an update must target a writable type and carry the URL's id (http.html#update); a
 * create ignores the body's id (http.html#create), which is worth telling.
 */
export function modeIssues(
  mode: ValidationMode | undefined,
  resource: Resource,
  request: FhirRequest,
  context: EngineContext,
): OperationOutcomeIssue[] {
  switch (mode) {
    case 'create':
      return resource.id === undefined
        ? []
        : [
            {
              severity: 'information',
              code: 'informational',
              diagnostics: 'A create ignores the id: the server assigns one (http.html#create)',
              expression: [`${resource.resourceType}.id`],
            },
          ];
    case 'update':
      return judged(() => {
        const { id } = changeTarget(request, context);
        assertUpdateId(resource, id);
      });
    default:
      return [];
  }
}

/**
 * Whether the instance may be deleted: not when its type is append-only (AuditEvent); nothing
 * else stands in the way here (no referential integrity is enforced on delete). A delete of
 * what does not exist succeeds without writing, which is told as information.
 */
export async function deleteIssues(request: FhirRequest, context: EngineContext): Promise<OperationOutcomeIssue[]> {
  let target: { type: string; id: string } | undefined;
  const refused = judged(() => (target = changeTarget(request, context)));
  if (!target) return refused;
  const current = await context.store.read(target.type, target.id);
  if (current && !current.deleted) return [];
  return [{ severity: 'information', code: 'informational', diagnostics: 'There is no current version to delete' }];
}

/** The issues an interaction's check throws, as issues of the validation instead. */
function judged(check: () => unknown): OperationOutcomeIssue[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}
