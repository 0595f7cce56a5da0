import type { Hl7Segment } from '../hl7/segment.js';
import { type MappedParticipant, mapParticipant, type ParticipantLayout } from './appointment-participant.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';

const layout: ParticipantLayout = { start: 8, offset: 9, duration: 11, status: 14 };

/**
 * AIG (appointment information – general resource, e.g. equipment) after the V2-to-FHIR IG segment
 * map AIG → Appointment: AIG-3 resource id → participant.actor (display only: a CWE names the resource
 * but gives no identifier system to match a Device by), AIG-4 resource type → participant.type,
 * AIG-8/9/11 → participant.period, AIG-14 filler status → participant.status.
 */
export function mapAig(
  aig: Hl7Segment,
  ctx: MappingContext,
  appointmentStart: string | undefined,
): MappedParticipant | undefined {
  const resource = aig.field(3).repetitions[0];
  const display = resource?.component(2) ?? resource?.component(1);
  const actor = display === undefined ? undefined : { display };
  const type = cweToCodeableConcept(aig.field(4).repetitions[0]);
  return mapParticipant(aig, layout, ctx, appointmentStart, { actor, type });
}
