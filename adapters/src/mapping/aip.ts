import type { Hl7Segment } from '../hl7/segment.js';
import { type MappedParticipant, mapParticipant, type ParticipantLayout } from './appointment-participant.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';

const layout: ParticipantLayout = { start: 6, offset: 7, duration: 9, status: 12 };

/**
 * AIP (appointment information – personnel resource) after the V2-to-FHIR IG segment map AIP →
 * Appointment: AIP-3 personnel (XCN) → participant.actor (Practitioner), AIP-4 resource type →
 * participant.type, AIP-6/7/9 → participant.period, AIP-12 filler status → participant.status.
 */
export function mapAip(
  aip: Hl7Segment,
  ctx: MappingContext,
  tx: TransactionBuilder,
  appointmentStart: string | undefined,
): MappedParticipant | undefined {
  const actor = practitionerReference(aip.field(3).repetitions[0], ctx, tx);
  const type = cweToCodeableConcept(aip.field(4).repetitions[0]);
  return mapParticipant(aip, layout, ctx, appointmentStart, { actor, type });
}
