import type { OperationOutcomeIssue, StructureDefinition } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import { error } from './definition-issue.js';
import { elementShapeIssues } from './element-shape.js';
import { generateSnapshot } from './snapshot/generate-snapshot.js';
import type { DefinitionLookup } from './snapshot/snapshot-builder.js';

/** A StructureDefinition ready for validation (with a snapshot), or why it is not. */
export interface PreparedDefinition {
  readonly definition?: StructureDefinition & { readonly url: string };
  readonly issues: OperationOutcomeIssue[];
}

/**
 * Checks what validation relies on in a StructureDefinition (http://hl7.org/fhir/R4/structuredefinition.html):
 * a `type`, and elements that each have a `path`. One without a snapshot gets one generated from
 * its differential and its base (snapshot-generator.ts).
 */
export function prepareStructureDefinition(
  sd: StructureDefinition & { readonly url: string },
  definitions: DefinitionLookup,
): PreparedDefinition {
  if (typeof sd.type !== 'string' || sd.type === '') {
    return { issues: [error('required', 'A StructureDefinition needs a type', 'StructureDefinition.type')] };
  }
  if (sd.baseDefinition !== undefined && typeof sd.baseDefinition !== 'string') {
    const message = 'StructureDefinition.baseDefinition must be a canonical url';
    return { issues: [error('structure', message, 'StructureDefinition.baseDefinition')] };
  }
  const snapshot = elementIssues(sd.snapshot, 'StructureDefinition.snapshot');
  if (snapshot.length === 0) {
    const beside = differentialBesideIssues(sd.differential);
    return beside.length > 0 ? { issues: beside } : { definition: sd, issues: [] };
  }
  if (sd.snapshot !== undefined) return { issues: snapshot };
  const differential = elementIssues(sd.differential, 'StructureDefinition.differential');
  if (differential.length > 0) return { issues: differential };
  const { elements, issues } = generateSnapshot(sd, definitions);
  if (!elements || issues.some((issue) => issue.severity === 'error')) return { issues };
  return { definition: { ...sd, snapshot: { element: elements } }, issues };
}

/** Past this a definition is refused: real ones have a few hundred (R4's largest, ExplanationOfBenefit, 256). */
export const MAX_ELEMENTS = 5_000;

/** A snapshot or differential with more than MAX_ELEMENTS elements: counted, nothing else read. */
export function sizeIssues(sd: StructureDefinition): OperationOutcomeIssue[] {
  return (['snapshot', 'differential'] as const).flatMap((component) => {
    const elements: unknown = isJsonObject(sd[component]) ? sd[component].element : undefined;
    return Array.isArray(elements) && elements.length > MAX_ELEMENTS
      ? [error('too-costly', `More than ${MAX_ELEMENTS} elements`, `StructureDefinition.${component}.element`)]
      : [];
  });
}

/**
 * A differential beside a snapshot may be absent or empty, but the elements it lists are what the
 * profiling rules read (profiling-rules.ts): they must have the shape of ElementDefinitions.
 */
function differentialBesideIssues(differential: unknown): OperationOutcomeIssue[] {
  const elements = isJsonObject(differential) ? differential.element : undefined;
  if (elements === undefined || (Array.isArray(elements) && elements.length === 0)) return [];
  return elementIssues(differential, 'StructureDefinition.differential');
}

/** Problems with a snapshot or differential: absent, empty or too large, or an element of the wrong shape. */
function elementIssues(component: unknown, expression: string): OperationOutcomeIssue[] {
  const elements = isJsonObject(component) ? component.element : undefined;
  if (!Array.isArray(elements) || elements.length === 0) {
    return [error('required', 'The StructureDefinition has no elements here', expression)];
  }
  if (elements.length > MAX_ELEMENTS) {
    return [error('too-costly', `More than ${MAX_ELEMENTS} elements`, `${expression}.element`)];
  }
  return elements.flatMap((element: unknown, i) =>
    isJsonObject(element)
      ? elementShapeIssues(element, `${expression}.element[${i}]`)
      : [error('structure', 'An element must be an object', `${expression}.element[${i}]`)],
  );
}
