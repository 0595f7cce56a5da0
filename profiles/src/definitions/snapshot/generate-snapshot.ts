import type { ElementDefinition, OperationOutcomeIssue, StructureDefinition } from '@medplum/fhirtypes';
import { error } from '../prepare-structure-definition.js';
import { SnapshotBuilder, type DefinitionLookup } from './snapshot-builder.js';

/**
 * The snapshot of a constraint StructureDefinition that ships only its differential
 * (http://hl7.org/fhir/R4/profiling.html#snapshot): the base definition's snapshot (itself a
 * profile or a core type: profiles chain) with every differential element applied in order.
 * Errors: no or an unknown base, a specialization (a new type: logical models are not supported),
 * a differential element that names nothing in the base.
 */
export function generateSnapshot(
  sd: StructureDefinition,
  definitions: DefinitionLookup,
): { elements?: ElementDefinition[]; issues: OperationOutcomeIssue[] } {
  if (sd.derivation === 'specialization') {
    return {
      issues: [
        error('not-supported', 'Snapshots are generated for constraints only', 'StructureDefinition.derivation'),
      ],
    };
  }
  const baseUrl = sd.baseDefinition;
  const base = baseUrl ? definitions.structureDefinition(baseUrl)?.snapshot?.element : undefined;
  if (!baseUrl || !base?.length) {
    const diagnostics = baseUrl ? `Base definition ${baseUrl} is not loaded` : 'A differential needs a baseDefinition';
    return { issues: [error(baseUrl ? 'not-found' : 'required', diagnostics, 'StructureDefinition.baseDefinition')] };
  }
  const builder = new SnapshotBuilder(base, definitions);
  const issues = (sd.differential?.element ?? []).flatMap((element, i) =>
    builder.apply(element)
      ? []
      : [
          error(
            'not-found',
            `Differential element ${element.id ?? element.path} matches no element of ${baseUrl}`,
            `StructureDefinition.differential.element[${i}]`,
          ),
        ],
  );
  return { elements: builder.elements, issues };
}
