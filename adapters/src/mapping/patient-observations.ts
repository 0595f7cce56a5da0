import type { Hl7Message } from '../hl7/message.js';
import type { DerivedKeys } from './derived-keys.js';
import type { MappingContext } from './mapping-context.js';
import { addObservations } from './observation-entries.js';
import type { ObservationGroup } from './segment-groups.js';
import type { Subject } from './subject.js';
import type { TransactionBuilder } from './transaction-builder.js';

/**
 * Observations about the patient rather than an order (ORU_R01 PATIENT_OBSERVATION, VXU_V04
 * PERSON_OBSERVATION: OBX before the first ORC/OBR). They have no order number to derive a key from,
 * so their key is derived from the message as the inbox identifies it (`<MSH-3>^<MSH-4>^<MSH-10>`, as
 * the order key under system `urn:nexushealth:hl7v2:message`, path `OBX-<OBX-1>`). A message applied again
 * updates the same Observations; the same observation sent in another message is another Observation.
 */
export function addPatientObservations(
  message: Hl7Message,
  groups: readonly ObservationGroup[],
  subject: Subject,
  keys: DerivedKeys,
  tx: TransactionBuilder,
  ctx: MappingContext,
): void {
  if (groups.length === 0) return;
  const msh = message.get('MSH');
  const control = msh?.field(10).value;
  if (control === undefined) {
    ctx.warn('MSH-10', 'patient observations need the message control id to be keyed; not recorded', '101');
    return;
  }
  const hd = (n: number): string => msh?.field(n).component(1) ?? msh?.field(n).component(2) ?? '';
  const order = { system: 'urn:nexushealth:hl7v2:message', value: `${hd(3)}^${hd(4)}^${control}` };
  addObservations(groups, order, 'OBX', { subject: subject.patient, encounter: subject.encounter }, keys, tx, ctx);
}
