import type { Resource } from '@medplum/fhirtypes';

/** Elements that name the patient a resource is about (the Patient compartment's usual links). */
const PATIENT_ELEMENTS = ['subject', 'patient', 'beneficiary'] as const;

const PATIENT_REFERENCE = /(?:^|\/)(Patient\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/**
 * The patients an event touched, as `Patient/id`, each once: BALP asks for one patient entity
 * per patient (https://profiles.ihe.net/ITI/BALP/content.html#patient). A Patient counts as
 * itself; another resource by its subject/patient/beneficiary reference. `extra` adds the
 * references a request names (its URL, a search's patient parameter).
 */
export function patientsTouched(resources: readonly (Resource | undefined)[], extra: readonly string[] = []): string[] {
  const found = new Set<string>();
  const add = (reference: unknown) => {
    const match = typeof reference === 'string' ? PATIENT_REFERENCE.exec(reference) : null;
    if (match?.[1]) found.add(match[1]);
  };
  for (const reference of extra) add(reference);
  for (const resource of resources) {
    if (resource?.resourceType === 'Patient' && resource.id) found.add(`Patient/${resource.id}`);
    for (const reference of patientReferences(resource)) add(reference);
  }
  return [...found];
}

/** The references of a resource's subject/patient/beneficiary elements, as written (maybe `urn:uuid:`). */
export function patientReferences(resource: Resource | undefined): string[] {
  if (!resource) return [];
  const record = resource as unknown as Record<string, unknown>;
  return PATIENT_ELEMENTS.flatMap((element) => {
    const value = record[element];
    return (Array.isArray(value) ? value : [value]).flatMap((item) => {
      const reference = (item as { reference?: unknown } | undefined)?.reference;
      return typeof reference === 'string' ? [reference] : [];
    });
  });
}
