import type { AppointmentParticipant, CodeableConcept, Period } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { fillerParticipationStatus } from './filler-status.js';
import type { MappingContext } from './mapping-context.js';
import { type ResourceLayout, resourcePeriod } from './resource-timing.js';

/** A resource segment's layout, with the field of its filler status code (table 0278). */
export interface ParticipantLayout extends ResourceLayout {
  readonly status: number;
}

export interface MappedParticipant {
  readonly participant: AppointmentParticipant;
  readonly period?: Period;
}

/**
 * One AIG/AIL/AIP as an Appointment.participant: the actor and type its own map reads, the period
 * (resource-timing), and participant.status (1..1) from its filler status. Undefined when neither
 * actor nor type is known (app-1: a participant needs one of them).
 */
export function mapParticipant(
  segment: Hl7Segment,
  layout: ParticipantLayout,
  ctx: MappingContext,
  appointmentStart: string | undefined,
  parts: { readonly actor?: AppointmentParticipant['actor']; readonly type?: CodeableConcept },
): MappedParticipant | undefined {
  if (parts.actor === undefined && parts.type === undefined) {
    ctx.warn(`${segment.name}-3`, 'resource without identifier, name or type; left out', '101');
    return undefined;
  }
  const period = resourcePeriod(segment, layout, ctx, appointmentStart);
  const participant: AppointmentParticipant = {
    ...(parts.type === undefined ? {} : { type: [parts.type] }),
    ...(parts.actor === undefined ? {} : { actor: parts.actor }),
    status: fillerParticipationStatus(segment.field(layout.status).value),
    ...(period === undefined ? {} : { period }),
  };
  return { participant, ...(period === undefined ? {} : { period }) };
}
