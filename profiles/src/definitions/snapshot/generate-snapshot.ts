import type { ElementDefinition, OperationOutcomeIssue, StructureDefinition } from '@medplum/fhirtypes';
import { error } from '../definition-issue.js';
import { SnapshotBuilder, type DefinitionLookup } from './snapshot-builder.js';

/** Twice the largest snapshot a definition may bring (MAX_ELEMENTS in prepare-structure-definition.ts). */
const MAX_SNAPSHOT_ELEMENTS = 10_000;

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
  const issues: OperationOutcomeIssue[] = [];
  for (const [i, element] of (sd.differential?.element ?? []).entries()) {
    const expression = `StructureDefinition.differential.element[${i}]`;
    if (!builder.apply(element)) {
      const name = element.id ?? element.path;
      issues.push(error('not-found', `Differential element ${name} matches no element of ${baseUrl}`, expression));
    }
    // Slices copy their element's children: bounded, so a hostile differential cannot grow it without end.
    if (builder.elements.length > MAX_SNAPSHOT_ELEMENTS) {
      return { issues: [error('too-costly', `The snapshot grows past ${MAX_SNAPSHOT_ELEMENTS} elements`, expression)] };
    }
  }
  return { elements: builder.elements, issues };
}
