import type { Hl7Message } from '../hl7/message.js';
import type { InboxEntry } from '../inbox/inbox.js';
import { cxToIdentifier } from '../mapping/cx.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import { hl7ToFhirDateTime } from '../mapping/hl7-datetime.js';
import { MappingContext } from '../mapping/mapping-context.js';
import type { MappingOptions } from '../mapping/mapping-options.js';

/** What the pipeline reads of a message before storing it: the minimal MSH/PID/EVN read of the inbox. */
export type Envelope = Pick<InboxEntry, 'key' | 'messageType' | 'controlId' | 'orderKey' | 'messageTime'> & {
  /** MSH-15 accept acknowledgment type (table 0155: AL, NE, ER, SU), when sent. */
  readonly acceptAckType?: string;
};

/** MSH fields without which we cannot even acknowledge properly (v2.5.1 §2.14.9: MSH-9, 10, 11, 12 are required). */
const requiredHeader = [9, 10, 11, 12];

/** HL7 table 0104 (version id): the versions whose messages we read (v2.5.1 §2.14.9.12). */
const versions = new Set([
  '2.1',
  '2.2',
  '2.3',
  '2.3.1',
  '2.4',
  '2.5',
  '2.5.1',
  '2.6',
  '2.7',
  '2.7.1',
  '2.8',
  '2.8.1',
  '2.8.2',
]);

/** MSH-10 is an ST of at most 199 characters (v2.7 §2.14.9.10; 20 in v2.5.1, which senders exceed with UUIDs). */
const maxControlIdLength = 199;

/** HL7 table 0103 (processing id: P production, T training, D debugging), the default of `processingIds`. */
const table0103: readonly string[] = ['P', 'T', 'D'];

/**
 * The issue that makes a parsed message unacknowledgeable (an AR at once), if any: a missing MSH-9..12, an
 * MSH-10 past 199 characters (AR 102),
 * an MSH-12 outside table 0104 (AR 203, unsupported version id), an MSH-11.1 outside the accepted
 * processing ids (`MappingOptions.processingIds`, default table 0103; AR 202, unsupported processing id).
 * Everything else about the content is the mapper's to judge, after the message is on record.
 */
export function headerIssue(message: Hl7Message, mapping: MappingOptions = {}): Hl7Issue | undefined {
  const msh = message.get('MSH');
  const missing = requiredHeader.find((n) => msh?.field(n).value === undefined);
  if (missing !== undefined) return { code: '101', text: `MSH-${missing} is required`, location: `MSH-${missing}` };
  if ((msh?.field(10).raw.length ?? 0) > maxControlIdLength) {
    return { code: '102', text: `MSH-10 is longer than ${maxControlIdLength} characters`, location: 'MSH-10' };
  }
  if (!versions.has(msh?.field(12).component(1) ?? '')) {
    return { code: '203', text: 'version id not supported (HL7 table 0104)', location: 'MSH-12' };
  }
  if (!(mapping.processingIds ?? table0103).includes(msh?.field(11).component(1) ?? '')) {
    return { code: '202', text: 'processing id not accepted (HL7 table 0103)', location: 'MSH-11' };
  }
  return undefined;
}

/**
 * MSH-3, MSH-4 and MSH-10 as written, joined by `^` with `\` and `^` inside a part escaped by a `\`: HD
 * fields hold `^` themselves (`APPX^SUB|FAC` and `APPX|SUB^FAC` are two senders), so a plain join would let
 * one sender's message pass for another's resend. Keys whose parts hold neither are the plain join.
 */
function inboxKey(parts: readonly string[]): string {
  return parts.map((part) => part.replace(/[\\^]/g, (c) => `\\${c}`)).join('^');
}

/**
 * key = `inboxKey` of MSH-3, MSH-4, MSH-10 as written (v2.5.1 §2.10.1: sender and control id identify a message);
 * orderKey = the first PID-3 identifier as `system|value`, read with the same identifier-system rules
 * as the mappers (so it names the Patient the message will touch); messageTime = EVN-2, else MSH-7,
 * as an instant, read in the configured zone when it has no offset.
 */
export function readEnvelope(message: Hl7Message, mapping: MappingOptions): Envelope {
  const msh = message.get('MSH');
  const raw = (n: number): string => msh?.field(n).raw ?? '';
  const ctx = new MappingContext(message, mapping);
  const patientKey = message
    .get('PID')
    ?.field(3)
    .repetitions.map((cx) => cxToIdentifier(cx, ctx))
    .find((id) => id?.system !== undefined);
  const time = message.get('EVN')?.field(2).value ?? msh?.field(7).value;
  const dateTime = time === undefined ? undefined : hl7ToFhirDateTime(time, ctx.timeZone);
  const instant = dateTime === undefined ? NaN : Date.parse(dateTime);
  return {
    key: inboxKey([raw(3), raw(4), raw(10)]),
    messageType: raw(9),
    controlId: raw(10),
    ...(patientKey === undefined ? {} : { orderKey: `${patientKey.system}|${patientKey.value}` }),
    ...(Number.isNaN(instant) ? {} : { messageTime: new Date(instant).toISOString() }),
    ...(msh?.field(15).value === undefined ? {} : { acceptAckType: msh.field(15).value }),
  };
}
