import { Hl7MessageBuilder } from '../hl7/builder.js';
import { defaultDelimiters } from '../hl7/delimiters.js';
import { escapeHl7 } from '../hl7/escape.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import type { AckOptions } from './ack-options.js';
import { AckSegments } from './ack-segments.js';

/**
 * An AR for input that could not be parsed at all (or a frame too large to read), written with the
 * standard delimiters and a generic MSH (`ACK`, processing id P, version 2.5.1). So that the sender can
 * still correlate it, we try to read its MSH-3..6 and MSH-10 from the first line; what we salvage is
 * treated as plain text and escaped, since the sender's own delimiters are what we could not trust.
 */
export function buildRejectAck(raw: string, issue: Hl7Issue, options: AckOptions = {}): string {
  const d = defaultDelimiters;
  const msh = salvageHeader(raw);
  const text = (n: number): string => escapeHl7(msh[n] ?? '', d);
  const b = new Hl7MessageBuilder(d);
  const parts = new AckSegments(b, options);
  parts.msh({ 3: text(5), 4: text(6), 5: text(3), 6: text(4), 11: 'P', 12: '2.5.1' }, undefined);
  parts.msa('AR', text(10));
  parts.err(issue);
  return b.build();
}

/** MSH fields by number from the first line, if it looks like an MSH at all; [] otherwise. */
function salvageHeader(raw: string): string[] {
  const first = (raw.startsWith('\uFEFF') ? raw.slice(1) : raw).split(/\r|\n/, 1)[0] ?? '';
  const sep = first.charAt(3);
  if (!first.startsWith('MSH') || sep === '' || /[A-Za-z0-9\s]/.test(sep)) return [];
  const [, ...rest] = first.split(sep);
  // rest[0] is MSH-2, so MSH-n is rest[n - 2]; the leading blank keeps the standard numbering.
  return ['', sep, ...rest].map((f) => (f.length > 199 ? '' : f));
}
