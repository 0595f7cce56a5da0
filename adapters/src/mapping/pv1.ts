import type {
  CodeableConcept,
  Coding,
  Encounter,
  EncounterLocation,
  EncounterParticipant,
  Identifier,
} from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { EncounterRule } from './adt-triggers.js';
import { cweInTable } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import type { MappingContext } from './mapping-context.js';
import { nonEmpty } from './optional.js';
import { encounterParticipant } from './encounter-participant.js';
import { plDisplay } from './pl.js';
import { pv2Elements } from './pv2.js';
import type { IdentifierKey } from './conditional-url.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { hl7Code } from './hl7-code.js';

const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const v20004 = 'http://terminology.hl7.org/CodeSystem/v2-0004';

/** HL7 table 0004 patient class → Encounter.class (V2-to-FHIR IG ConceptMap table-hl70004-to-v3-actcode). */
const encounterClass: Readonly<Record<string, Coding>> = {
  E: { system: actCode, code: 'EMER', display: 'emergency' },
  I: { system: actCode, code: 'IMP', display: 'inpatient encounter' },
  O: { system: actCode, code: 'AMB', display: 'ambulatory' },
  P: { system: actCode, code: 'PRENC', display: 'pre-admission' },
  R: { system: v20004, code: 'R', display: 'Recurring patient' },
  B: { system: v20004, code: 'B', display: 'Obstetrics' },
  C: { system: v20004, code: 'C', display: 'Commercial Account' },
  N: { system: v20004, code: 'N', display: 'Not Applicable' },
  U: { system: v20004, code: 'U', display: 'Unknown' },
};

/** Encounter.class is 1..1: a missing or unknown PV1-2 becomes the null flavor UNK, with a warning. */
const unknownClass: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  code: 'UNK',
  display: 'unknown',
};

/** IG segment map PV1 → Encounter: participant[1..5] from PV1-7/8/9/17/52, typed per v3 ParticipationType. */
const participantFields: readonly (readonly [number, string, string])[] = [
  [7, 'ATND', 'attender'],
  [8, 'REF', 'referrer'],
  [9, 'CON', 'consultant'],
  [17, 'ADM', 'admitter'],
  [52, 'PART', 'Participation'],
];

/** PV1-19 typed as the IG says (identifier[1].type = v2-0203 VN) when CX.5 names no type. */
const visitNumberType = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }],
  text: 'visit number',
};

export interface MappedEncounter {
  readonly encounter: Encounter;
  /** PV1-19 visit number, the conditional key. */
  readonly key: IdentifierKey;
}

export interface EncounterSource {
  readonly pv1: Hl7Segment;
  readonly pv2: Hl7Segment | undefined;
  readonly rule: EncounterRule;
  readonly patientFullUrl: string;
}

/**
 * PV1 (+ PV2) → Encounter after the V2-to-FHIR IG segment maps PV1 → Encounter and PV2 → Encounter.
 * `status` comes from the trigger (IG ConceptMap Event[EncounterStatus]), `subject` is the Patient's
 * fullUrl in the same transaction. Without a PV1-19 there is no way to find the encounter again, so none
 * is produced: a warning goes to the ACK instead (undefined is returned).
 */
export function mapPv1(
  source: EncounterSource,
  ctx: MappingContext,
  tx: TransactionBuilder,
): MappedEncounter | undefined {
  const { pv1, rule } = source;
  const visit = pv1.field(19).repetitions[0];
  const identifier = visit === undefined ? undefined : cxToIdentifier(visit, ctx);
  if (identifier?.system === undefined || identifier.value === undefined) {
    ctx.warn('PV1-19', 'no visit number: the Encounter was not recorded', '101');
    return undefined;
  }
  const classCode = hl7Code(pv1.field(2).value);
  const mappedClass = encounterClass[classCode ?? ''];
  if (mappedClass === undefined) ctx.warn('PV1-2', 'patient class missing or not in HL7 table 0004', '103');
  const alternates = pv1.field(50).repetitions.flatMap((rep) => cxToIdentifier(rep, ctx) ?? []);
  const participant = participants(pv1, ctx, tx);
  const pv2 = source.pv2 === undefined ? undefined : pv2Elements(source.pv2, ctx, tx);
  const location = locations(pv1, rule, classCode);
  if (rule.transfer === 'set' && pv1.field(6).isEmpty) {
    ctx.warn('PV1-6', 'transfer without the prior location: the location history lost it', '101');
  }
  const hospitalization = hospitalizationOf(pv1, rule, ctx);
  const encounter: Encounter = {
    resourceType: 'Encounter',
    identifier: [{ ...identifier, type: identifier.type ?? visitNumberType }, ...alternates],
    status: rule.status,
    class: mappedClass ?? unknownClass,
    ...codeables('type', pv1.field(4).repetitions[0], '0007'),
    ...codeable('serviceType', pv1.field(10).repetitions[0], '0069'),
    ...(pv2?.priority === undefined ? {} : { priority: pv2.priority }),
    subject: { reference: source.patientFullUrl },
    ...nonEmpty('participant', [...participant, ...(pv2?.participant ?? [])]),
    ...period(pv1, rule, ctx),
    ...(pv2?.length === undefined ? {} : { length: pv2.length }),
    ...nonEmpty('reasonCode', pv2?.reasonCode ?? []),
    ...(hospitalization === undefined ? {} : { hospitalization }),
    ...nonEmpty('location', location),
    ...nonEmpty('extension', pv2?.extension ?? []),
  };
  return { encounter, key: { system: identifier.system, value: identifier.value } };
}

function participants(pv1: Hl7Segment, ctx: MappingContext, tx: TransactionBuilder): EncounterParticipant[] {
  return participantFields.flatMap(([field, code, text]) =>
    pv1.field(field).repetitions.flatMap((xcn) => encounterParticipant(xcn, code, text, ctx, tx) ?? []),
  );
}

/**
 * IG PV1 → Encounter.location: PV1-3 assigned (active, planned for a pre-admit class P), PV1-6 prior
 * (completed: the stay a transfer left), PV1-11 temporary (active), PV1-42 pending (reserved),
 * PV1-43 prior temporary (completed). For A12 PV1-6 is the cancelled destination and is left out.
 */
function locations(pv1: Hl7Segment, rule: EncounterRule, classCode: string | undefined): EncounterLocation[] {
  const rows: readonly (readonly [number, EncounterLocation['status']])[] = [
    [3, classCode === 'P' ? 'planned' : 'active'],
    ...(rule.transfer === 'cancel' ? [] : [[6, 'completed'] as const]),
    [11, 'active'],
    [42, 'reserved'],
    [43, 'completed'],
  ];
  return rows.flatMap(([field, status]) => {
    const display = plDisplay(pv1.field(field).repetitions[0]);
    return display === undefined ? [] : [{ location: { display }, status }];
  });
}

/** PV1-44 admit → period.start, PV1-45 discharge → period.end (never for A13, which takes it back). */
function period(pv1: Hl7Segment, rule: EncounterRule, ctx: MappingContext): Pick<Encounter, 'period'> {
  const start = ctx.dateTime(pv1.field(44).repetitions[0], 'PV1-44');
  const end = rule.discharge === 'cancel' ? undefined : ctx.dateTime(pv1.field(45).repetitions[0], 'PV1-45');
  if (rule.discharge === 'set' && end === undefined) ctx.warn('PV1-45', 'no discharge date/time: period.end left out');
  if (start === undefined && end === undefined) return {};
  return { period: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } };
}

/**
 * IG PV1 → Encounter.hospitalization: PV1-5 preadmit number, PV1-13 re-admission (table 0092), PV1-14
 * admit source (0023), PV1-16 VIP (0099), PV1-38 diet (0159), PV1-36 discharge disposition (0112) and
 * PV1-37 discharged-to location (DLD.1). A13 cancels the discharge: those two are left out.
 */
function hospitalizationOf(
  pv1: Hl7Segment,
  rule: EncounterRule,
  ctx: MappingContext,
): Encounter['hospitalization'] | undefined {
  const preadmit = pv1.field(5).repetitions[0];
  const preAdmissionIdentifier: Identifier | undefined =
    preadmit === undefined ? undefined : cxToIdentifier(preadmit, ctx);
  const discharged = rule.discharge !== 'cancel';
  const destination = discharged ? pv1.field(37).component(1) : undefined;
  const hospitalization: NonNullable<Encounter['hospitalization']> = {
    ...(preAdmissionIdentifier === undefined ? {} : { preAdmissionIdentifier }),
    ...codeable('reAdmission', pv1.field(13).repetitions[0], '0092'),
    ...codeable('admitSource', pv1.field(14).repetitions[0], '0023'),
    ...codeables('specialCourtesy', pv1.field(16).repetitions[0], '0099'),
    ...codeables('dietPreference', pv1.field(38).repetitions[0], '0159'),
    ...(discharged ? codeable('dischargeDisposition', pv1.field(36).repetitions[0], '0112') : {}),
    ...(destination === undefined ? {} : { destination: { display: destination } }),
  };
  return Object.keys(hospitalization).length === 0 ? undefined : hospitalization;
}

/** `{ [name]: CodeableConcept }` from a CWE bound to HL7 table `table`, or `{}`. */
function codeable<K extends string>(
  name: K,
  cwe: Hl7Repetition | undefined,
  table: string,
): Partial<Record<K, CodeableConcept>> {
  const concept = cweInTable(cwe, table);
  return concept === undefined ? {} : ({ [name]: concept } as Partial<Record<K, CodeableConcept>>);
}

/** The same for a repeating FHIR element (`[CodeableConcept]`). */
function codeables<K extends string>(
  name: K,
  cwe: Hl7Repetition | undefined,
  table: string,
): Partial<Record<K, CodeableConcept[]>> {
  const concept = cweInTable(cwe, table);
  return concept === undefined ? {} : ({ [name]: [concept] } as Partial<Record<K, CodeableConcept[]>>);
}
