import { addObservations } from './observation-entries.js';
import type { OrderScope } from './order-scope.js';
import type { ObservationGroup } from './segment-groups.js';

/**
 * Observations about the patient rather than an order (ORU_R01 PATIENT_OBSERVATION, VXU_V04
 * PERSON_OBSERVATION: OBX before the first ORC/OBR). They have no order number to derive a key from,
 * so their key is derived from the message as the inbox identifies it (`<MSH-3>^<MSH-4>^<MSH-10>`, as
 * the order key under system `urn:nexushealth:hl7v2:message`, path `OBX-<OBX-1>`). A message applied again
 * updates the same Observations; the same observation sent in another message is another Observation.
 */
export function addPatientObservations(groups: readonly ObservationGroup[], scope: OrderScope): void {
  if (groups.length === 0) return;
  const msh = scope.message.get('MSH');
  const control = msh?.field(10).value;
  if (control === undefined) {
    scope.ctx.warn('MSH-10', 'patient observations need the message control id to be keyed; not recorded', '101');
    return;
  }
  const hd = (n: number): string => msh?.field(n).component(1) ?? msh?.field(n).component(2) ?? '';
  const order = { system: 'urn:nexushealth:hl7v2:message', value: `${hd(3)}^${hd(4)}^${control}` };
  addObservations(groups, order, 'OBX', { subject: scope.subject.patient, encounter: scope.subject.encounter }, scope);
}
