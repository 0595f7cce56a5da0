import type { Period } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { durationMillis } from './duration.js';
import { addMilliseconds } from './hl7-datetime.js';
import type { MappingContext } from './mapping-context.js';

/** Where a resource segment (AIS, AIG, AIL, AIP) keeps its start, start offset and duration. */
export interface ResourceLayout {
  readonly start: number;
  readonly offset: number;
  readonly duration: number;
}

/**
 * A scheduled resource's period (V2-to-FHIR IG segment maps AIS/AIG/AIL/AIP → Appointment: start
 * date/time → participant.period.start, or, when not valued, the appointment's start plus the start
 * offset; end = start + duration). Offsets and durations are NM + units CNE in the next field
 * (minutes when not sent). Undefined when no start can be found.
 */
export function resourcePeriod(
  segment: Hl7Segment,
  layout: ResourceLayout,
  ctx: MappingContext,
  appointmentStart: string | undefined,
): Period | undefined {
  const name = segment.name;
  const sent = ctx.dateTime(segment.field(layout.start).repetitions[0], `${name}-${layout.start}`);
  const offset = durationMillis(segment.field(layout.offset).value, segment.field(layout.offset + 1).repetitions[0]);
  const start = sent ?? (appointmentStart === undefined ? undefined : addMilliseconds(appointmentStart, offset ?? 0));
  if (start === undefined) return undefined;
  const duration = durationMillis(
    segment.field(layout.duration).value,
    segment.field(layout.duration + 1).repetitions[0],
  );
  const end = duration === undefined ? undefined : addMilliseconds(start, duration);
  return { start, ...(end === undefined ? {} : { end }) };
}

/** The segment action code (table 0206): `D` removes the resource from the booking (SIU S14). */
export function isDeleted(segment: Hl7Segment): boolean {
  return segment.field(2).value?.toUpperCase() === 'D';
}
