import { encodingCharacters } from '../hl7/delimiters.js';
import { escapeHl7 } from '../hl7/escape.js';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import type { AckOptions } from './ack-options.js';
import { AckSegments } from './ack-segments.js';

/**
 * The original-mode acknowledgment of a parsed message (v2.5.1 §2.9.2, §2.14.1 ACK): MSH with sending and
 * receiving application/facility swapped, MSH-9 `ACK^<trigger>^ACK`, a new MSH-10, the same MSH-11
 * processing id and MSH-12 version; MSA with the code and the original MSH-10; one ERR per issue (AE/AR
 * errors, or AA warnings with severity W). Written in the incoming message's delimiters, which is what a
 * sender parses with; copied fields are copied raw (already encoded in those delimiters), our own text is
 * escaped. Returns the ACK with CR terminators, without MLLP framing.
 */
export function buildAck(
  message: Hl7Message,
  code: 'AA' | 'AE' | 'AR',
  error?: Hl7Issue | readonly Hl7Issue[],
  options: AckOptions = {},
): string {
  const d = message.delimiters;
  const msh = message.get('MSH');
  const raw = (n: number): string => msh?.field(n).raw ?? '';
  const parts = new AckSegments(d, options);
  const trigger = escapeHl7(msh?.field(9).component(2) ?? '', d);
  const header = [
    'MSH',
    encodingCharacters(d),
    raw(5),
    raw(6),
    raw(3),
    raw(4),
    parts.timestamp,
    '',
    ['ACK', trigger, 'ACK'].join(d.component),
    parts.controlId,
    raw(11),
    raw(12),
  ];
  // Joining 'MSH' and MSH-2 with the field separator writes MSH-1 (the separator itself) in passing.
  const segments = [header.join(d.field), parts.msa(code, raw(10)), ...issueList(error).map((i) => parts.err(i))];
  return segments.map((s) => s + '\r').join('');
}

function issueList(error: Hl7Issue | readonly Hl7Issue[] | undefined): readonly Hl7Issue[] {
  if (error === undefined) return [];
  return 'code' in error ? [error] : error;
}
