import type { Appointment, AppointmentParticipant } from '@medplum/fhirtypes';

/**
 * HL7 table 0278 filler status → Appointment.status, after the V2-to-FHIR IG ConceptMap
 * table-hl70278-to-appointmentstatus. Discontinued, Blocked and Overbook are unmatched there.
 */
const appointmentStatus: Readonly<Record<string, Appointment['status']>> = {
  pending: 'pending',
  waitlist: 'waitlist',
  booked: 'booked',
  started: 'checked-in',
  complete: 'fulfilled',
  cancelled: 'cancelled',
  deleted: 'entered-in-error',
  noshow: 'noshow',
};

/**
 * The same table → a participant's ParticipationStatus (AIP-12 / AIL-12 / AIG-14; the IG maps AIP-12 to
 * participant.status but gives no ConceptMap): a resource booked, started or done has accepted, a
 * pending or waitlisted one is tentative, a cancelled, deleted or no-show one declined.
 */
const participationStatus: Readonly<Record<string, AppointmentParticipant['status']>> = {
  pending: 'tentative',
  waitlist: 'tentative',
  booked: 'accepted',
  started: 'accepted',
  complete: 'accepted',
  cancelled: 'declined',
  deleted: 'declined',
  noshow: 'declined',
};

/** SCH-25 filler status code (CWE.1, case as the table or not) as an Appointment.status, if it maps. */
export function fillerAppointmentStatus(code: string | undefined): Appointment['status'] | undefined {
  return code === undefined ? undefined : appointmentStatus[code.toLowerCase()];
}

/**
 * A resource segment's filler status as participant.status (1..1 in R4). Not sent or not in the table:
 * `accepted`, since the filler listed the resource as part of the booking.
 */
export function fillerParticipationStatus(code: string | undefined): AppointmentParticipant['status'] {
  return (code === undefined ? undefined : participationStatus[code.toLowerCase()]) ?? 'accepted';
}
