import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { DefinitionRegistry } from '@nexushealth/profiles';

/**
 * A profile on Patient for tests: the R4 Patient snapshot under a new url, each element passed
 * through `change` (by default unchanged, a profile that constrains nothing).
 */
export function patientProfile(
  url: string,
  change: (element: ElementDefinition) => ElementDefinition = (element) => element,
): StructureDefinition {
  const core = DefinitionRegistry.r4().structureDefinition('http://hl7.org/fhir/StructureDefinition/Patient');
  const { id: _id, text: _text, meta: _meta, extension: _extension, ...rest } = core as StructureDefinition;
  return {
    ...rest,
    url,
    name: 'TestPatient',
    version: '1.0.0',
    derivation: 'constraint',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
    snapshot: { element: (rest.snapshot?.element ?? []).map(change) },
  };
}

/** A differential-only profile on Patient (or on `base`, a profile of Patient) with these elements. */
export function patientDifferential(
  url: string,
  element: ElementDefinition[],
  base = 'http://hl7.org/fhir/StructureDefinition/Patient',
): StructureDefinition {
  const name = url.slice(url.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9]/g, '');
  return {
    resourceType: 'StructureDefinition',
    url,
    name: name || 'TestPatient',
    status: 'active',
    kind: 'resource',
    abstract: false,
    type: 'Patient',
    baseDefinition: base,
    derivation: 'constraint',
    differential: { element },
  };
}
