import { Hl7MessageBuilder } from '../hl7/builder.js';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import type { AckOptions } from './ack-options.js';
import { AckSegments, type AckCode } from './ack-segments.js';

/**
 * The acknowledgment of a parsed message (v2.5.1 §2.9.2, §2.9.3, §2.14.1 ACK), application (AA/AE/AR)
 * or enhanced-mode commit (CA/CE/CR): MSH with sending and receiving application/facility swapped,
 * MSH-9 `ACK^<trigger>^ACK`, a new MSH-10, the same MSH-11 processing id, MSH-12 version and MSH-18 character set (encode the ACK with `encodeHl7Bytes` in the set
 * `decodeHl7` read); MSA with the code and the original MSH-10; one ERR per issue (AE/AR errors, or AA
 * warnings with severity W). Written in the incoming message's delimiters, which is what a sender parses
 * with; copied fields are copied raw (already encoded in those delimiters), our own text is escaped.
 * Returns the ACK with CR terminators, without MLLP framing.
 */
export function buildAck(
  message: Hl7Message,
  code: AckCode,
  error?: Hl7Issue | readonly Hl7Issue[],
  options: AckOptions = {},
): string {
  const msh = message.get('MSH');
  const raw = (n: number): string => msh?.field(n).raw ?? '';
  const b = new Hl7MessageBuilder(message.delimiters);
  const parts = new AckSegments(b, options);
  const charset = raw(18) === '' ? {} : { 18: raw(18) };
  const copied = { 3: raw(5), 4: raw(6), 5: raw(3), 6: raw(4), 11: raw(11), 12: raw(12), ...charset };
  parts.msh(copied, msh?.field(9).component(2) ?? '');
  parts.msa(code, raw(10));
  issueList(error).forEach((issue) => parts.err(issue));
  return b.build();
}

function issueList(error: Hl7Issue | readonly Hl7Issue[] | undefined): readonly Hl7Issue[] {
  if (error === undefined) return [];
  return 'code' in error ? [error] : error;
}
