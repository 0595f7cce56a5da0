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
