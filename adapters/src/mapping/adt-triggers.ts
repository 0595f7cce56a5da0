import type { Encounter } from '@medplum/fhirtypes';

/** What one ADT trigger does to the Encounter of PV1-19 (see `adtTriggers`). */
export interface EncounterRule {
  /** V2-to-FHIR IG ConceptMap Event[EncounterStatus] (table 0003 → encounter-status) where it has a row. */
  readonly status: Encounter['status'];
  /** `put`: the message states the encounter; `create`: only record a missing one (A08). */
  readonly write: 'put' | 'create';
  /**
   * MappingResult.stateElements: the top-level elements this trigger is the authority for, so that a
   * message applied after a newer one (an A01 behind its A08) still sets them and nothing else.
   */
  readonly authoritative: readonly string[];
  /** A03 ends the encounter: PV1-45 (else EVN-6) is period.end, PV1-36/37 the discharge. */
  readonly discharge?: 'set' | 'cancel';
  /**
   * A02 moves the patient: PV1-6 is the stay left (completed), which the history needs (warned when
   * missing). A12 cancels it: PV1-6 is the location the cancelled transfer went to, and is dropped.
   */
  readonly transfer?: 'set' | 'cancel';
  /** A06/A07: a new visit number may come with the old one in MRG-5 (v2.5.1 §3.3.6), which finds the encounter. */
  readonly priorVisitInMrg?: boolean;
}

/**
 * The ADT triggers NexusHealth maps, and the Encounter rule of each (undefined: no Encounter). Each
 * trigger's Encounter is a conditional update carrying the whole state the message conveys, so applying
 * a message twice leaves the same result, and a cancellation undoes by restating:
 * - A01 admit → in-progress; authoritative for status, period (start).
 * - A02 transfer → in-progress; PV1-3 the new location (active), PV1-6 the one left (completed); location.
 * - A03 discharge → finished, period.end, hospitalization.dischargeDisposition/destination;
 *   status, period, hospitalization.
 * - A04 register and A05 pre-admit → planned (IG); status, period.
 * - A06 outpatient → inpatient and A07 inpatient → outpatient: PV1-2 is the new class, in-progress;
 *   class, status (the IG has no status row for them: the visit goes on). When the visit number changes,
 *   MRG-5 holds the old one: the update is keyed on it and the encounter keeps both identifiers.
 * - A08 update → only creates a missing encounter, as `unknown` (IG: A08 does not convey the state).
 * - A11 cancel admit → cancelled (IG row A11); status.
 * - A12 cancel transfer → in-progress, back at PV1-3, the cancelled location dropped; location.
 * - A13 cancel discharge → in-progress (IG row A13), no period.end, no discharge; status, period,
 *   hospitalization.
 * - A28/A31 person add/update: the Patient only. A34/A40 merges are `adt-merge.ts`.
 * The lists say what an event decides, not which event is later in the encounter's life: a late A01
 * behind an A08 or A02 comes out right, but one behind its A03 would set in-progress again. Telling
 * those apart needs the time each element was last written, which the pipeline, not a mapper, has.
 */
export const adtTriggers: Readonly<Record<string, EncounterRule | undefined>> = {
  A01: { status: 'in-progress', write: 'put', authoritative: ['status', 'period'] },
  A02: { status: 'in-progress', write: 'put', authoritative: ['location'], transfer: 'set' },
  A03: {
    status: 'finished',
    write: 'put',
    authoritative: ['status', 'period', 'hospitalization'],
    discharge: 'set',
  },
  A04: { status: 'planned', write: 'put', authoritative: ['status', 'period'] },
  A05: { status: 'planned', write: 'put', authoritative: ['status', 'period'] },
  A06: { status: 'in-progress', write: 'put', authoritative: ['class', 'status'], priorVisitInMrg: true },
  A07: { status: 'in-progress', write: 'put', authoritative: ['class', 'status'], priorVisitInMrg: true },
  A08: { status: 'unknown', write: 'create', authoritative: [] },
  A11: { status: 'cancelled', write: 'put', authoritative: ['status'] },
  A12: { status: 'in-progress', write: 'put', authoritative: ['location'], transfer: 'cancel' },
  A13: {
    status: 'in-progress',
    write: 'put',
    authoritative: ['status', 'period', 'hospitalization'],
    discharge: 'cancel',
  },
  A28: undefined,
  A31: undefined,
};
