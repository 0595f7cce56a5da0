import type { Coding, Encounter, Identifier } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cxToIdentifier } from './cx.js';
import type { MappingContext } from './mapping-context.js';

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

export interface MappedEncounter {
  readonly encounter: Encounter;
  /** PV1-19 visit number, the conditional key. */
  readonly key: Required<Pick<Identifier, 'system' | 'value'>>;
}

/**
 * PV1 → Encounter after the V2-to-FHIR IG segment map PV1 → Encounter: PV1-19 identifier, PV1-2 class,
 * PV1-3 location (display text only for now: Location resources come later), PV1-44/45 period.
 * `status` comes from the trigger event (IG ConceptMap table-hl70003-to-encounter-status), and `subject`
 * is the Patient's fullUrl in the same transaction. Without a PV1-19 there is no way to find the
 * encounter again, so none is produced: a warning goes to the ACK instead (undefined is returned).
 */
export function mapPv1(
  pv1: Hl7Segment,
  ctx: MappingContext,
  status: Encounter['status'],
  patientFullUrl: string,
): MappedEncounter | undefined {
  const visit = pv1.field(19).repetitions[0];
  const identifier = visit === undefined ? undefined : cxToIdentifier(visit, ctx);
  if (identifier?.system === undefined || identifier.value === undefined) {
    ctx.warn('PV1-19', 'no visit number: the Encounter was not recorded', '101');
    return undefined;
  }
  const classCode = pv1.field(2).value;
  const mappedClass = encounterClass[classCode ?? ''];
  if (mappedClass === undefined) ctx.warn('PV1-2', 'patient class missing or not in HL7 table 0004', '103');
  const start = ctx.dateTime(pv1.field(44).repetitions[0], 'PV1-44');
  const end = ctx.dateTime(pv1.field(45).repetitions[0], 'PV1-45');
  const location = locationText(pv1);
  const encounter: Encounter = {
    resourceType: 'Encounter',
    identifier: [identifier],
    status,
    class: mappedClass ?? unknownClass,
    subject: { reference: patientFullUrl },
    ...(start === undefined && end === undefined
      ? {}
      : { period: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } }),
    ...(location === undefined ? {} : { location: [{ location: { display: location } }] }),
  };
  return { encounter, key: { system: identifier.system, value: identifier.value } };
}

/** PV1-3 (PL): the location description PL.9 if sent, else point of care, room, bed, facility, building, floor. */
function locationText(pv1: Hl7Segment): string | undefined {
  const pl = pv1.field(3);
  const description = pl.component(9);
  if (description !== undefined) return description;
  const parts = [1, 2, 3, 4, 7, 8].map((i) => pl.component(i)).filter((s): s is string => s !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}
