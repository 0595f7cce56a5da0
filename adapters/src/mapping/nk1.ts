import type { RelatedPerson } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { patientParts, type AdtSegmentContext } from './adt-segment-context.js';
import { derivedKey } from './derived-keys.js';
import { cweInTable } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import { nonEmpty } from './optional.js';
import { hl7Gender } from './pid.js';
import { xadToAddress } from './xad.js';
import { xpnToHumanName } from './xpn.js';
import { xtnToContactPoint } from './xtn.js';

/**
 * NK1 → RelatedPerson after the V2-to-FHIR IG segment map NK1 → RelatedPerson: NK1-2/30 names, NK1-3
 * relationship and NK1-7 contact role (table 0063 / 0131), NK1-4/32 addresses, NK1-5/31/40/41 telecom,
 * NK1-6 business phone (work), NK1-8/9 period, NK1-12/33 identifiers, NK1-15 gender, NK1-16 birthDate;
 * `patient` is the Patient's fullUrl. Key: the first NK1-33/NK1-12 identifier with a system; without one,
 * `derivedKey('RelatedPerson', [patient, NK1-1 set id])`: the set id numbers the contacts of that patient
 * in the sender's list, the one stable handle an NK1 without identifiers has (a sender that renumbers its
 * contacts moves them). Without NK1-1 either, it is left out with a warning.
 */
export function mapNk1(nk1: Hl7Segment, segment: AdtSegmentContext): void {
  const { ctx, tx } = segment;
  const identifier = [...nk1.field(12).repetitions, ...nk1.field(33).repetitions].flatMap(
    (rep) => cxToIdentifier(rep, ctx) ?? [],
  );
  const own = identifier.find((id) => id.system !== undefined && id.value !== undefined);
  const setId = nk1.field(1).value;
  if ((own?.system === undefined || own.value === undefined) && setId === undefined) {
    ctx.warn('NK1-1', 'next of kin without identifier or set id: not recorded', '101');
    return;
  }
  const key =
    own?.system !== undefined && own.value !== undefined
      ? { system: own.system, value: own.value }
      : derivedKey('RelatedPerson', [...patientParts(segment), setId ?? '']);
  const names = [2, 30].flatMap((f) => nk1.field(f).repetitions.flatMap((rep) => xpnToHumanName(rep) ?? []));
  const relationship = [
    cweInTable(nk1.field(3).repetitions[0], '0063'),
    cweInTable(nk1.field(7).repetitions[0], '0131'),
  ];
  const telecom = [
    ...[5, 31, 40, 41].flatMap((f) => nk1.field(f).repetitions.flatMap((rep) => xtnToContactPoint(rep, 'home') ?? [])),
    ...nk1.field(6).repetitions.flatMap((rep) => xtnToContactPoint(rep, 'work') ?? []),
  ];
  const address = [4, 32].flatMap((f) => nk1.field(f).repetitions.flatMap((rep) => xadToAddress(rep) ?? []));
  const start = ctx.dateTime(nk1.field(8).repetitions[0], 'NK1-8');
  const end = ctx.dateTime(nk1.field(9).repetitions[0], 'NK1-9');
  const gender = hl7Gender(nk1.field(15).value, 'NK1-15', ctx);
  const birthDate = ctx.date(nk1.field(16).repetitions[0], 'NK1-16');
  const person: RelatedPerson = {
    resourceType: 'RelatedPerson',
    identifier: own === undefined ? [key] : identifier,
    patient: { reference: segment.patient.fullUrl },
    ...nonEmpty(
      'relationship',
      relationship.flatMap((c) => c ?? []),
    ),
    ...nonEmpty('name', names),
    ...nonEmpty('telecom', telecom),
    ...(gender === undefined ? {} : { gender }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...nonEmpty('address', address),
    ...(start === undefined && end === undefined ? {} : { period: { ...(start && { start }), ...(end && { end }) } }),
  };
  tx.put(person, key);
}
