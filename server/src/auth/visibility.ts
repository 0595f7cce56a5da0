import type { ResourceRecord, StoreFilter } from '../store/port.js';
import { reach, type Access } from './access.js';
import type { Permission } from './scopes.js';

/**
 * What a caller may see of one resource type with one permission: everything, nothing, or —
 * with only `patient/` scopes — what is in the launch patient's compartment
 * (https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html#patient-specific-scopes,
 * http://hl7.org/fhir/R4/compartmentdefinition-patient.html). Membership is what each record
 * carries from write time (`compartments`). Choices (the SMART page leaves them to the server):
 * the Patient type is confined to the launch patient itself, not the Patients that `link` to it;
 * types the CompartmentDefinition does not list (Practitioner, Organization, Medication…) are in
 * no compartment, so a `patient/` scope reaches none of them — a `user/` scope does. A resource
 * also in another patient's compartment (p1 performed p2's Observation) is read through p1's
 * launch but never written: ConfinedStore writes only what is in p1's compartment alone.
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'confined'; patient: string; filter: StoreFilter; admits: (record: ResourceRecord) => boolean };

/** The widest of what `permissions` reach (all, else the compartment, else none). */
export function visibility(access: Access, resourceType: string, ...permissions: Permission[]): Visibility {
  const reaches = permissions.map((permission) => reach(access, resourceType, permission));
  const reached = reaches.includes('all') ? 'all' : reaches.includes('compartment') ? 'compartment' : 'none';
  if (reached !== 'compartment' || access.patient === undefined) return { kind: reached === 'all' ? 'all' : 'none' };
  const patient = access.patient;
  if (resourceType === 'Patient') {
    return { kind: 'confined', patient, filter: { id: patient }, admits: (record) => record.id === patient };
  }
  const member = `Patient/${patient}`;
  return {
    kind: 'confined',
    patient,
    filter: { compartments: member },
    admits: (record) => record.compartments.includes(member),
  };
}

/**
 * Patient/<id>'s compartment as one store condition for searches over several types (one filter
 * serves them all): its members, but — as for the Patient type alone — no other Patient (nor
 * Person) that links to it (`idx.link`, the only compartment parameter that admits those).
 */
export function compartmentFilter(patient: string): StoreFilter {
  const member = `Patient/${patient}`;
  return { compartments: member, $nor: [{ 'idx.link': member, id: { $ne: patient } }] };
}
