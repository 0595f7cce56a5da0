// A synthetic HL7 v2 feed for fault-injection tests and the feed bench: per patient, in order, an
// ADT^A01 (admit, first name), an ORU^R01 (a report with two results) and an ADT^A08 (new family
// name), each with its own control id, so that what the server must hold afterwards is known exactly.
import { parseHl7 } from '@nexushealth/adapters';
import { pidIdentifiers, type SystemValue } from './hl7-expectations.js';

/** One message of a patient's lane, in the order it must be applied. */
export interface FeedMessage {
  /** MSH-10. */
  controlId: string;
  text: string;
  kind: 'A01' | 'ORU' | 'A08';
}

/** One patient's messages, to be sent one after the other (a sender keeps a patient's order). */
export interface FeedLane {
  /** The PID-3 identifier the Patient is found by. */
  identifier: SystemValue;
  /** PID-5.1 of the lane's last ADT: the demographics that must win. */
  finalFamily: string;
  /** OBX segments in the lane: Observations that must exist once, no more. */
  observations: number;
  messages: FeedMessage[];
}

export interface FeedOptions {
  /** Tells runs apart (control ids, MRNs, order numbers); letters and digits. */
  runId: string;
  patients: number;
  /** Sending facility MSH-4 and PID-3.4: the identifier system is derived from it. */
  facility?: string;
  /** Lanes numbered from here (several feeds of one run stay distinct). Default 0. */
  firstPatient?: number;
}

const OBSERVATIONS_PER_REPORT = 2;
/** PV1-7 attending doctor's id, the same in every lane. */
export const ATTENDING_ID = 'RESIL1234';

/** `patients` lanes of A01 → ORU^R01 → A08 with distinct MRNs, control ids and order numbers. */
export function buildFeed(options: FeedOptions): FeedLane[] {
  const facility = options.facility ?? 'RESILFAC';
  const first = options.firstPatient ?? 0;
  return Array.from({ length: options.patients }, (_, n) => lane(options.runId, facility, first + n));
}

/** Every message of the feed, lane after lane. */
export function feedMessages(lanes: readonly FeedLane[]): FeedMessage[] {
  return lanes.flatMap((l) => l.messages);
}

function lane(runId: string, facility: string, n: number): FeedLane {
  const mrn = `${runId}P${n}`;
  const ts = (minute: number) => `20260301${String(8 + (n % 10)).padStart(2, '0')}${String(minute).padStart(2, '0')}00`;
  const pid = (family: string) =>
    `PID|1||${mrn}^^^${facility}^MR||${family}^Alex^J||19800101|F|||1 Main St^^Springfield^IL^62701`;
  const pv1 = `PV1|1|I|WARD1^101^A||||${ATTENDING_ID}^Careful^Carla|||MED|||||||||${runId}V${n}^^^${facility}^VN`;
  const msh = (kind: string, controlId: string, minute: number) =>
    `MSH|^~\\&|RESIL|${facility}|NEXUS|NEXUS|${ts(minute)}||${kind}|${controlId}|P|2.5.1`;
  const a01Id = `${runId}-${n}-A01`;
  const oruId = `${runId}-${n}-ORU`;
  const a08Id = `${runId}-${n}-A08`;
  const family = `Resil${n}`;
  const finalFamily = `Renamed${n}`;
  const messages: FeedMessage[] = [
    {
      kind: 'A01',
      controlId: a01Id,
      text: [msh('ADT^A01^ADT_A01', a01Id, 0), `EVN|A01|${ts(0)}`, pid(family), pv1].join('\r'),
    },
    {
      kind: 'ORU',
      controlId: oruId,
      text: [
        msh('ORU^R01^ORU_R01', oruId, 10),
        pid(family),
        pv1,
        `ORC|RE|${runId}PL${n}^RESIL|${runId}FL${n}^LAB`,
        `OBR|1|${runId}PL${n}^RESIL|${runId}FL${n}^LAB|24323-8^Comprehensive metabolic panel^LN|||${ts(5)}|||||||||||||||${ts(10)}|||F`,
        `OBX|1|NM|2345-7^Glucose^LN||${90 + (n % 20)}|mg/dL^mg/dL^UCUM|70-100|N|||F|||${ts(5)}`,
        `OBX|2|NM|2951-2^Sodium^LN||${135 + (n % 8)}|mmol/L^mmol/L^UCUM|135-145|N|||F|||${ts(5)}`,
      ].join('\r'),
    },
    {
      kind: 'A08',
      controlId: a08Id,
      text: [msh('ADT^A08^ADT_A01', a08Id, 20), `EVN|A08|${ts(20)}`, pid(finalFamily), pv1].join('\r'),
    },
  ];
  const identifier = pidIdentifiers(parseHl7(messages[0]!.text))[0]!;
  return { identifier, finalFamily, observations: OBSERVATIONS_PER_REPORT, messages };
}
