import type { Appointment, CodeableConcept, Identifier } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweToCodeableConcept } from './cwe.js';
import { durationMillis } from './duration.js';
import { eiToIdentifier } from './ei.js';
import { fillerAppointmentStatus } from './filler-status.js';
import { addMilliseconds } from './hl7-datetime.js';
import type { MappingContext } from './mapping-context.js';

type Key = Required<Pick<Identifier, 'system' | 'value'>>;

const v20203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const placerType = { coding: [{ system: v20203, code: 'PLAC', display: 'Placer Identifier' }] };
const fillerType = { coding: [{ system: v20203, code: 'FILL', display: 'Filler Identifier' }] };

export interface MappedSchedule {
  /** SCH-1 placer and SCH-2 filler appointment ids: identifiers, and the OR-condition that finds the appointment. */
  readonly keys: readonly (Key & Identifier)[];
  readonly appointmentType?: CodeableConcept;
  readonly reasonCode?: CodeableConcept[];
  /** SCH-25 filler status through the IG ConceptMap table-hl70278-to-appointmentstatus. */
  readonly status?: Appointment['status'];
  /** SCH-6 event reason: the cancelation reason of an S15. */
  readonly eventReason?: CodeableConcept;
  readonly start?: string;
  readonly end?: string;
  readonly minutesDuration?: number;
}

/**
 * SCH → Appointment after the V2-to-FHIR IG segment map SCH → Appointment: SCH-1/SCH-2 identifiers,
 * SCH-7 reason (→ appointmentType when coded in table 0277, else reasonCode), SCH-8 → appointmentType,
 * SCH-9/10 → minutesDuration, SCH-25 → status. Start and end come from TQ1-7/TQ1-8 (v2.5+, which
 * replaces SCH-11), else SCH-11.4/11.5 (TQ start/end), and an end missing is start + SCH-9.
 */
export function mapSch(sch: Hl7Segment, message: Hl7Message, ctx: MappingContext): MappedSchedule {
  const keys = [
    eiToIdentifier(sch.field(2).repetitions[0], ctx, fillerType),
    eiToIdentifier(sch.field(1).repetitions[0], ctx, placerType),
  ].filter((id) => id !== undefined);
  const reason = cweToCodeableConcept(sch.field(7).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0276');
  const reasonIsType = sch.field(7).component(3)?.toUpperCase() === 'HL70277';
  const appointmentType =
    cweToCodeableConcept(sch.field(8).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0277') ??
    (reasonIsType ? reason : undefined);
  const duration = durationMillis(sch.field(9).value, sch.field(10).repetitions[0]);
  const minutes = duration === undefined ? undefined : duration / 60_000;
  const { start, end } = timing(sch, message, ctx, duration);
  const status = fillerAppointmentStatus(sch.field(25).value);
  const eventReason = cweToCodeableConcept(sch.field(6).repetitions[0]);
  return {
    keys,
    ...(appointmentType === undefined ? {} : { appointmentType }),
    ...(reason === undefined || reasonIsType ? {} : { reasonCode: [reason] }),
    ...(status === undefined ? {} : { status }),
    ...(eventReason === undefined ? {} : { eventReason }),
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(minutes !== undefined && Number.isInteger(minutes) && minutes > 0 ? { minutesDuration: minutes } : {}),
  };
}

/** Start and end from one source: TQ1 when it has a start, else SCH-11 (never one from each). */
function timing(
  sch: Hl7Segment,
  message: Hl7Message,
  ctx: MappingContext,
  duration: number | undefined,
): { start?: string; end?: string } {
  const tq1 = message.get('TQ1');
  const fromTq1 = tq1 !== undefined && !tq1.field(7).isEmpty;
  const tq = sch.field(11);
  const start = fromTq1
    ? ctx.dateTime(tq1.field(7).repetitions[0], 'TQ1-7')
    : ctx.dateTimeOf(tq.component(4), 'SCH-11.4');
  const sentEnd = fromTq1
    ? ctx.dateTime(tq1.field(8).repetitions[0], 'TQ1-8')
    : ctx.dateTimeOf(tq.component(5), 'SCH-11.5');
  const end = sentEnd ?? (start === undefined || duration === undefined ? undefined : addMilliseconds(start, duration));
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}
