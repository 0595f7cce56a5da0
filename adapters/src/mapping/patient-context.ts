import type { Encounter } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { EncounterRule } from './adt-triggers.js';
import { chainedIdentifierCriterion, type IdentifierKey } from './conditional-url.js';
import type { MappingContext } from './mapping-context.js';
import { mapPid } from './pid.js';
import { mapPv1 } from './pv1.js';
import type { TransactionBuilder } from './transaction-builder.js';

/**
 * SIU, MDM and DFT do not convey the encounter's state (the IG maps such events to `unknown`, ConceptMap
 * table-hl70003-to-encounter-status): the visit is only recorded when missing, as ADT's A08 does.
 */
const visitRule: EncounterRule = { status: 'unknown', write: 'create', authoritative: [] };

export interface PatientContext {
  /** The Patient's fullUrl, when the message has a PID. */
  readonly patient?: string;
  /** Its PID-3 key (the ADT segment mappers key on it). */
  readonly patientKey?: IdentifierKey;
  /** The Encounter's fullUrl, when the message has a PV1 with a visit number (PV1-19). */
  readonly encounter?: string;
  /** The Encounter as recorded (DG1 adds its diagnosis to it). */
  readonly encounterResource?: Encounter;
}

/**
 * The Patient and Encounter that a non-ADT message (SIU, MDM, DFT) refers to, recorded as ADT does: the
 * Patient as a conditional update on its PID-3 key (the message carries the sender's current
 * demographics), the Encounter as a conditional create by PV1-19 and that Patient, never overwriting ADT's.
 */
export function mapPatientContext(message: Hl7Message, ctx: MappingContext, tx: TransactionBuilder): PatientContext {
  const pid = message.get('PID');
  if (pid === undefined) return {};
  const { patient, key } = mapPid(pid, ctx);
  const patientFullUrl = tx.put(patient, key);
  const pv1 = message.get('PV1');
  const visit =
    pv1 === undefined ? undefined : mapPv1({ pv1, pv2: message.get('PV2'), rule: visitRule, patientFullUrl }, ctx, tx);
  if (visit === undefined) return { patient: patientFullUrl, patientKey: key };
  // A visit number is only the visit of this patient: the match must also have PID-3's Patient as its
  // subject, or one patient's results would link to another's Encounter (Observation.encounter is the
  // subject's encounter, R4 observation.html). Another patient's visit number gives this one its own.
  const narrowing = chainedIdentifierCriterion('subject', 'Patient', key);
  const encounter = tx.createIfMissing(visit.encounter, visit.key, narrowing);
  return { patient: patientFullUrl, patientKey: key, encounter, encounterResource: visit.encounter };
}
