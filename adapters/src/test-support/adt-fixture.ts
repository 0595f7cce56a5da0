import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { parseHl7 } from '../hl7/parse.js';
import type { MappingResult } from '../mapping/mapping-result.js';
import { mapMessage } from '../mapping/map-message.js';

/** PV1 fields by number, for `adtMessage` (unlisted fields are empty). */
export type Fields = Readonly<Record<number, string>>;

/** A segment line from fields by number: `segment('PV1', { 2: 'I' })` → `PV1||I`. */
export function segment(name: string, fields: Fields): string {
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  return [name, ...Array.from({ length: last }, (_, i) => fields[i + 1] ?? '')].join('|');
}

/** The PV1 of the ADT fixtures: inpatient, visit V100 at SGH, bed 4E-414-B, attended and admitted by one doctor. */
export const basePv1: Fields = {
  1: '1',
  2: 'I',
  3: '4E^414^B^SGH',
  7: 'D1^ATTEND^ANN^^^DR',
  8: 'D2^REFER^BOB',
  10: 'MED',
  14: '7',
  17: 'D1^ATTEND^ANN^^^DR',
  19: 'V100^^^SGH^VN',
  44: '20240102030405',
};

/** An ADT message of `trigger` from SGH about MRN1, with the PV1 fields given and extra segments after it. */
export function adtMessage(trigger: string, pv1: Fields = basePv1, extra: readonly string[] = []): string {
  return [
    `MSH|^~\\&|ADT|SGH|NEXUS|NH|20240102030405||ADT^${trigger}|C-${trigger}|P|2.5.1`,
    `EVN|${trigger}|20240102030405`,
    'PID|1||MRN1^^^SGH^MR||DOE^JANE||19800101|F',
    segment('PV1', pv1),
    ...extra,
  ].join('\r');
}

let n = 0;
/** Deterministic fullUrls for the tests. */
export const testUuid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** Maps the ER7 text in UTC with deterministic uuids. */
export function mapText(text: string): MappingResult {
  return mapMessage(parseHl7(text), { uuid: testUuid });
}

/** The entries of a result whose resource has that type. */
export function entriesOf(result: MappingResult, type: Resource['resourceType']): BundleEntry[] {
  return (result.bundle.entry ?? []).filter((e) => e.resource?.resourceType === type);
}

/** The single resource of that type in the result (throws when there is not exactly one). */
export function only<T extends Resource>(result: MappingResult, type: T['resourceType']): T {
  const found = entriesOf(result, type);
  if (found.length !== 1) throw new Error(`${found.length} ${type} entries`);
  return found[0]?.resource as T;
}
