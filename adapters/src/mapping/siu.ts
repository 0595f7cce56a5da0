import type { Appointment, AppointmentParticipant, CodeableConcept, Period } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import { mapAig } from './aig.js';
import { mapAil } from './ail.js';
import { mapAip } from './aip.js';
import { mapAis } from './ais.js';
import type { MappedParticipant } from './appointment-participant.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { mapPatientContext } from './patient-context.js';
import { isDeleted } from './resource-timing.js';
import { type MappedSchedule, mapSch } from './sch.js';
import { TransactionBuilder } from './transaction-builder.js';

/** app-3: only these may lack start and end (https://hl7.org/fhir/R4/appointment.html#invs). */
const timeless = new Set<Appointment['status']>(['proposed', 'cancelled', 'waitlist']);

/**
 * SIU^S12 (new booking), S13 (rescheduling), S14 (modification) and S15 (cancellation) → Appointment,
 * after the V2-to-FHIR IG message map SIU_S12 → Bundle (the same structure serves S13–S15, v2.5.1
 * §10.4). Each message carries the whole booking as the filler sees it, so the Appointment is a
 * conditional update on its placer/filler ids: S13/S14 replace times and participants, and an S15 for
 * an appointment never seen still leaves a cancelled one. Status: S15 cancelled; otherwise SCH-25
 * (IG ConceptMap table-hl70278-to-appointmentstatus), else booked.
 */
function mapSiu(message: Hl7Message, trigger: string, ctx: MappingContext): MappingResult {
  const sch = message.get('SCH');
  if (sch === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no SCH segment', location: 'SCH' });
  const schedule = mapSch(sch, message, ctx);
  if (schedule.keys.length === 0) {
    throw new Hl7DataError({
      code: '101',
      text: 'neither SCH-1 nor SCH-2 carries an appointment id',
      location: 'SCH-2',
    });
  }
  const tx = new TransactionBuilder(ctx);
  const { patient } = mapPatientContext(message, ctx, tx);
  const resources = mapResources(message, ctx, tx, schedule.start);
  const participant: AppointmentParticipant[] = [
    ...(patient === undefined ? [] : [{ actor: { reference: patient }, status: 'accepted' as const }]),
    ...resources.participants.map((p) => p.participant),
  ];
  if (participant.length === 0) {
    throw new Hl7DataError({ code: '101', text: 'no participant: neither PID nor AIP, AIL or AIG', location: 'PID' });
  }
  const status = trigger === 'S15' ? 'cancelled' : (schedule.status ?? 'booked');
  const appointment: Appointment = {
    resourceType: 'Appointment',
    identifier: [...schedule.keys],
    status,
    ...cancelation(status, schedule),
    ...(resources.serviceType.length === 0 ? {} : { serviceType: resources.serviceType }),
    ...(schedule.appointmentType === undefined ? {} : { appointmentType: schedule.appointmentType }),
    ...(schedule.reasonCode === undefined ? {} : { reasonCode: schedule.reasonCode }),
    ...appointmentPeriod(schedule, resources.periods, status, ctx),
    ...(schedule.minutesDuration === undefined ? {} : { minutesDuration: schedule.minutesDuration }),
    ...comment(message),
    participant,
  };
  const fullUrl = tx.putAny(appointment, schedule.keys);
  // Applied late (a newer message already was), every entry is create-only, but an S15 still cancels.
  if (trigger === 'S15') tx.authoritative(fullUrl, ['status', 'cancelationReason']);
  return tx.build();
}

interface MappedResources {
  readonly serviceType: CodeableConcept[];
  readonly participants: MappedParticipant[];
  readonly periods: Period[];
}

/** The RESOURCES groups: AIS services and AIG/AIL/AIP participants, except those the message deletes (AIx-2 = D). */
function mapResources(
  message: Hl7Message,
  ctx: MappingContext,
  tx: TransactionBuilder,
  start: string | undefined,
): MappedResources {
  const live = (name: string): Hl7Segment[] => message.all(name).filter((s) => !isDeleted(s));
  const services = live('AIS').map((ais) => mapAis(ais, ctx, start));
  const participants = [
    ...live('AIP').map((aip) => mapAip(aip, ctx, tx, start)),
    ...live('AIL').map((ail) => mapAil(ail, ctx, start)),
    ...live('AIG').map((aig) => mapAig(aig, ctx, start)),
  ].filter((p) => p !== undefined);
  return {
    serviceType: services.flatMap((s) => (s.serviceType === undefined ? [] : [s.serviceType])),
    participants,
    periods: [...services, ...participants].flatMap((p) => (p.period === undefined ? [] : [p.period])),
  };
}

/** app-4: a cancelation reason only on a cancelled (or no-show) appointment; SCH-6 says why. */
function cancelation(status: Appointment['status'], schedule: MappedSchedule): Pick<Appointment, 'cancelationReason'> {
  const applies = status === 'cancelled' || status === 'noshow';
  return applies && schedule.eventReason !== undefined ? { cancelationReason: schedule.eventReason } : {};
}

/**
 * start/end from SCH/TQ1, else from the resources (the earliest start, the latest end). app-2 wants
 * both or neither, app-3 both unless proposed, cancelled or waitlisted: a booking without them is an AE.
 */
function appointmentPeriod(
  schedule: MappedSchedule,
  periods: readonly Period[],
  status: Appointment['status'],
  ctx: MappingContext,
): Pick<Appointment, 'start' | 'end'> {
  const byInstant = (a: string, b: string): number => Date.parse(a) - Date.parse(b);
  const starts = periods.flatMap((p) => p.start ?? []).sort(byInstant);
  const ends = periods.flatMap((p) => p.end ?? []).sort(byInstant);
  const start = schedule.start ?? starts[0];
  const end = schedule.start === undefined ? ends.at(-1) : schedule.end;
  if (start !== undefined && end !== undefined) return { start, end };
  if (timeless.has(status)) {
    if (start !== undefined) ctx.warn('SCH-11', 'a start without end or duration; start left out', '101');
    return {};
  }
  throw new Hl7DataError({
    code: '101',
    text: 'the appointment start and end are not given (TQ1-7/8, SCH-11, SCH-9, AIS-4/7)',
    location: 'SCH-11',
  });
}

/** NTE segments right after SCH (and TQ1) → Appointment.comment (IG segment map NTE → Appointment-Comment). */
function comment(message: Hl7Message): Pick<Appointment, 'comment'> {
  const segments = message.segments;
  const notes: string[] = [];
  for (let i = segments.findIndex((s) => s.name === 'SCH') + 1; i > 0 && i < segments.length; i += 1) {
    const segment = segments[i];
    if (segment?.name === 'TQ1') continue;
    if (segment?.name !== 'NTE') break;
    const text = segment
      .field(3)
      .repetitions.map((r) => r.value ?? '')
      .join('\n');
    if (text !== '') notes.push(text);
  }
  return notes.length === 0 ? {} : { comment: notes.join('\n') };
}

export const siuMapper: MessageMapper = { messageCode: 'SIU', triggers: ['S12', 'S13', 'S14', 'S15'], map: mapSiu };
