import type { Element, Extension, Patient } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { cxKeyedList } from './cx.js';
import { cweInTable, cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import { nonEmpty } from './optional.js';
import { xadToAddress } from './xad.js';
import { xpnToHumanName } from './xpn.js';
import { xtnToContactPoint } from './xtn.js';
import { hl7Code } from './hl7-code.js';

/** HL7 table 0001 → administrative-gender (V2-to-FHIR IG ConceptMap table-hl70001-to-administrative-gender). */
const gender: Readonly<Record<string, NonNullable<Patient['gender']>>> = {
  F: 'female',
  M: 'male',
  O: 'other',
  U: 'unknown',
  A: 'other',
  N: 'other',
};

/** An administrative sex code (table 0001) as a FHIR gender; an unknown code is left out with a warning. */
export function hl7Gender(
  code: string | undefined,
  location: string,
  ctx: MappingContext,
): Patient['gender'] | undefined {
  const mapped = code === undefined ? undefined : gender[code];
  if (code !== undefined && mapped === undefined)
    ctx.warn(location, 'administrative sex not in HL7 table 0001; left out', '103');
  return mapped;
}

export interface MappedPatient {
  readonly patient: Patient;
  /** The identifier the conditional update is keyed on: the first PID-3 repetition with value and system. */
  readonly key: IdentifierKey;
}

/**
 * PID → Patient after the V2-to-FHIR IG segment map PID → Patient: PID-3 identifiers (all repetitions),
 * PID-5 names, PID-6 mother's maiden name (extension patient-mothersMaidenName), PID-7 birthDate (date
 * precision kept; a time of birth also as extension patient-birthTime), PID-8 gender, PID-11 addresses,
 * PID-13/14 home and business telecom, PID-15 language → communication (preferred), PID-16 marital status (table
 * 0002), PID-24/25 multiple birth, PID-29/30 deceased (date/time, else the Y/N indicator).
 * A PID-3 with no usable identifier is an AE (101): there is nothing to key the patient on.
 */
export function mapPid(pid: Hl7Segment, ctx: MappingContext): MappedPatient {
  const { identifier, key } = cxKeyedList(pid.field(3), ctx, 'PID-3');
  const name = pid.field(5).repetitions.flatMap((rep) => xpnToHumanName(rep) ?? []);
  const address = pid.field(11).repetitions.flatMap((rep) => xadToAddress(rep) ?? []);
  const telecom = [
    ...pid.field(13).repetitions.flatMap((rep) => xtnToContactPoint(rep, 'home') ?? []),
    ...pid.field(14).repetitions.flatMap((rep) => xtnToContactPoint(rep, 'work') ?? []),
  ];
  const birthDate = ctx.date(pid.field(7).repetitions[0], 'PID-7');
  const mappedGender = hl7Gender(hl7Code(pid.field(8).value), 'PID-8', ctx);
  const language = cweToCodeableConcept(pid.field(15).repetitions[0]);
  const maritalStatus = cweInTable(pid.field(16).repetitions[0], '0002');
  const patient: Patient & { _birthDate?: Element } = {
    resourceType: 'Patient',
    identifier,
    ...(name.length === 0 ? {} : { name }),
    ...(telecom.length === 0 ? {} : { telecom }),
    ...(mappedGender === undefined ? {} : { gender: mappedGender }),
    ...(birthDate === undefined ? {} : { birthDate, ...birthTime(pid, ctx) }),
    ...(address.length === 0 ? {} : { address }),
    ...(maritalStatus === undefined ? {} : { maritalStatus }),
    // PID-15 is the primary language: the IG sets preferred when it is known to be the preferred one; we take it so.
    ...(language === undefined ? {} : { communication: [{ language, preferred: true }] }),
    ...deceased(pid, ctx),
    ...multipleBirth(pid),
    ...nonEmpty('extension', extensions(pid)),
  };
  return { patient, key };
}

/** PID-29 death date/time → deceasedDateTime, else PID-30 Y/N → deceasedBoolean (IG PID → Patient). */
function deceased(pid: Hl7Segment, ctx: MappingContext): Pick<Patient, 'deceasedDateTime' | 'deceasedBoolean'> {
  const when = ctx.dateTime(pid.field(29).repetitions[0], 'PID-29');
  if (when !== undefined) return { deceasedDateTime: when };
  const indicator = yesNo(pid.field(30).value);
  return indicator === undefined ? {} : { deceasedBoolean: indicator };
}

/** PID-25 birth order → multipleBirthInteger, else PID-24 Y/N → multipleBirthBoolean. */
function multipleBirth(pid: Hl7Segment): Pick<Patient, 'multipleBirthInteger' | 'multipleBirthBoolean'> {
  const order = Number(pid.field(25).value);
  if (Number.isInteger(order) && order > 0) return { multipleBirthInteger: order };
  const indicator = yesNo(pid.field(24).value);
  return indicator === undefined ? {} : { multipleBirthBoolean: indicator };
}

/** HL7 table 0136 yes/no indicator. */
function yesNo(value: string | undefined): boolean | undefined {
  return value === 'Y' ? true : value === 'N' ? false : undefined;
}

/** PID-6.1 mother's maiden (family) name, as the R4 core extension on Patient. */
function extensions(pid: Hl7Segment): Extension[] {
  const maiden = pid.field(6).component(1);
  return maiden === undefined
    ? []
    : [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: maiden }];
}

/**
 * PID-7's time of birth, when it has one, as extension patient-birthTime, whose context is
 * Patient.birthDate: on the primitive's `_birthDate` twin (json.html#primitive).
 */
function birthTime(pid: Hl7Segment, ctx: MappingContext): { _birthDate?: Element } {
  const birth = pid.field(7).repetitions[0];
  if (birth?.value === undefined || birth.value.length <= 8) return {};
  const valueDateTime = ctx.dateTime(birth, 'PID-7');
  if (valueDateTime === undefined) return {};
  return {
    _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime }] },
  };
}
