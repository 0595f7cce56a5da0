import type { Hl7Segment } from '../hl7/segment.js';
import { type MappedParticipant, mapParticipant, type ParticipantLayout } from './appointment-participant.js';
import type { MappingContext } from './mapping-context.js';
import { plDisplay } from './pl.js';

const layout: ParticipantLayout = { start: 6, offset: 7, duration: 9, status: 12 };

/**
 * AIL (appointment information – location resource) after the V2-to-FHIR IG segment map AIL →
 * Appointment: AIL-3 location (PL) → participant.actor, as a display-only Location reference (like
 * PV1-3: a PL has no identifier to match a Location by), AIL-6/7/9 → participant.period, AIL-12 filler
 * status → participant.status. AIL-4 location type has no target in the IG.
 */
export function mapAil(
  ail: Hl7Segment,
  ctx: MappingContext,
  appointmentStart: string | undefined,
): MappedParticipant | undefined {
  const display = plDisplay(ail.field(3).repetitions[0]);
  const actor = display === undefined ? undefined : { type: 'Location' as const, display };
  return mapParticipant(ail, layout, ctx, appointmentStart, { actor });
}
