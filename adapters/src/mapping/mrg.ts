import type { Patient } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { cxKeyedList, cxToIdentifier } from './cx.js';
import type { MappingContext } from './mapping-context.js';
import { xpnToHumanName } from './xpn.js';

export interface MergedPatient {
  /** The retired record: MRG-1 identifiers, MRG-7 prior name, `active: false`. */
  readonly patient: Patient;
  readonly key: IdentifierKey;
}

/**
 * MRG (merge patient information, v2.5.1 §3.4.9) → the Patient that is merged away: MRG-1 prior patient
 * identifier list (keyed like PID-3: first repetition with value and authority), MRG-7 prior patient
 * name. Patient.active false: "whether this patient record is in active use" (patient.html#Patient.active)
 * no longer holds once its identity lives on in the survivor (Patient-merge: source becomes inactive).
 */
export function mapMrg(mrg: Hl7Segment, ctx: MappingContext): MergedPatient {
  const { identifier, key } = cxKeyedList(mrg.field(1), ctx, 'MRG-1');
  const name = mrg.field(7).repetitions.flatMap((rep) => xpnToHumanName(rep) ?? []);
  return {
    patient: { resourceType: 'Patient', identifier, active: false, ...(name.length === 0 ? {} : { name }) },
    key,
  };
}

/** MRG-5 prior visit number (A06/A07 when the visit is renumbered), when it has a value and a system. */
export function mrgPriorVisit(mrg: Hl7Segment | undefined, ctx: MappingContext): IdentifierKey | undefined {
  const rep = mrg?.field(5).repetitions[0];
  const prior = rep === undefined ? undefined : cxToIdentifier(rep, ctx);
  return prior?.system === undefined || prior.value === undefined
    ? undefined
    : { system: prior.system, value: prior.value };
}
