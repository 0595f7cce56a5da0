import { parseHl7 } from '../hl7/parse.js';
import { mapMessage } from '../mapping/map-message.js';
import type { MappingResult } from '../mapping/mapping-result.js';
import { segment } from './adt-fixture.js';

/** A message: MSH with that MSH-9 and control id, then the segments, CR-separated (v2.5.1 §2.5.4). */
export function message(type: string, segments: readonly string[], control = 'MSG1'): string {
  return [`MSH|^~\\&|SENDER|CLINIC|NEXUS|NH|20240301080000||${type}|${control}|P|2.5.1`, ...segments].join('\r');
}

/** The patient of the CLINIC fixtures (PID-3 with its authority). */
export const clinicPid = segment('PID', { 1: '1', 3: 'MRN1^^^CLINIC^MR', 5: 'DOE^JANE', 7: '19800101', 8: 'F' });

/** The outpatient visit of the CLINIC fixtures (PV1-19 without authority: the sending facility's). */
export const clinicPv1 = segment('PV1', { 1: '1', 2: 'O', 19: 'V100' });

/** `message(...)` mapped with times without offset read in Europe/Paris (a zone with DST). */
export function mapInParis(type: string, segments: readonly string[], control?: string): MappingResult {
  return mapMessage(parseHl7(message(type, segments, control)), { defaultTimeZone: 'Europe/Paris' });
}
