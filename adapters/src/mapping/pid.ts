import type { Patient } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { cxKeyedList } from './cx.js';
import type { MappingContext } from './mapping-context.js';
import { xadToAddress } from './xad.js';
import { xpnToHumanName } from './xpn.js';
import { xtnToContactPoint } from './xtn.js';

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
 * PID-5 names, PID-7 birthDate (date precision kept; the time of birth is left for a later slice),
 * PID-8 gender, PID-11 addresses, PID-13/14 home and business telecom.
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
  const mappedGender = hl7Gender(pid.field(8).value, 'PID-8', ctx);
  const patient: Patient = {
    resourceType: 'Patient',
    identifier,
    ...(name.length === 0 ? {} : { name }),
    ...(telecom.length === 0 ? {} : { telecom }),
    ...(mappedGender === undefined ? {} : { gender: mappedGender }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(address.length === 0 ? {} : { address }),
  };
  return { patient, key };
}
