import type { Hl7Batch, Hl7BatchFile } from '../hl7/batch.js';
import { Hl7MessageBuilder, type Hl7SegmentBuilder } from '../hl7/builder.js';
import { defaultDelimiters, readDelimiters, type Hl7Delimiters } from '../hl7/delimiters.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { AckOptions } from './ack-options.js';
import { ackStamp, type AckStamp } from './ack-segments.js';

/**
 * The answer to a batch or file (v2.5.1 §2.10.3 batch protocol): every message acknowledged on its own,
 * the ACKs sent back as a batch of the same shape. Each received BHS … BTS becomes a BHS … BTS (BTS-1 the
 * number of ACKs in it, §2.15.3), a received FHS … FTS an FHS … FTS (FTS-1 the number of batches, §2.15.7);
 * a header-less batch is answered in a BHS … BTS all the same, so that the answer reads as one batch.
 * Envelope headers (§2.15.2 BHS, §2.15.6 FHS) swap sending and receiving application/facility, carry a new
 * control id in -11 and the received one in -12 (reference batch/file control id). Each is written in
 * the delimiters of the header it answers (every header declares its own), a header-less batch's in those
 * of its first ACK, whose MSH-3..6 (already swapped) it copies. `acks` are the messages' ACKs in message
 * order (`buildAck`, or `buildRejectAck` for one that did not parse), each kept as written; an empty one
 * (a message whose MSH-15/16 asked for no answer) is left out.
 */
export function buildBatchAck(file: Hl7BatchFile, acks: readonly string[], options: AckOptions = {}): string {
  if (acks.length !== file.messages.length) {
    throw new RangeError(`${acks.length} ACKs for ${file.messages.length} messages`);
  }
  const stamp = ackStamp(options);
  const out: string[] = [];
  if (file.header !== undefined) out.push(answerHeader('FHS', file.header, stamp, 'F'));
  let next = 0;
  file.batches.forEach((batch, index) => {
    // A message answered with nothing (an empty string) has no place in the answer, nor in its count.
    const answers = acks.slice(next, next + batch.messages.length).filter((ack) => ack !== '');
    next += batch.messages.length;
    const d = batch.header?.delimiters ?? ackDelimiters(answers[0] ?? '');
    out.push(batchHeader(batch, answers[0] ?? '', stamp, `B${index + 1}`), ...answers);
    out.push(written(d, (b) => b.segment('BTS').set(1, String(answers.length))));
  });
  if (file.header !== undefined) {
    const count = String(file.batches.length);
    out.push(written(file.header.delimiters, (b) => b.segment('FTS').set(1, count)));
  }
  return out.join('');
}

function batchHeader(batch: Hl7Batch, firstAck: string, stamp: AckStamp, suffix: string): string {
  if (batch.header !== undefined) return answerHeader('BHS', batch.header, stamp, suffix);
  const d = ackDelimiters(firstAck);
  const line = firstAck.split('\r', 1)[0] ?? '';
  const msh = line.startsWith('MSH') ? line.split(d.field) : [];
  return written(d, (b) => {
    const bhs = b.segment('BHS');
    // MSH-n is piece n - 1 (MSH-1 is the separator itself).
    [3, 4, 5, 6].forEach((n) => bhs.setRaw(n, msh[n - 1] ?? ''));
    stamped(bhs, stamp, suffix);
  });
}

function answerHeader(name: 'FHS' | 'BHS', received: Hl7Segment, stamp: AckStamp, suffix: string): string {
  const raw = (n: number): string => received.field(n).raw;
  return written(received.delimiters, (b) => {
    const header = b.segment(name).setRaw(3, raw(5)).setRaw(4, raw(6)).setRaw(5, raw(3)).setRaw(6, raw(4));
    stamped(header, stamp, suffix);
    if (raw(11) !== '') header.setRaw(12, raw(11));
  });
}

/** -7 creation time and -11 control id: at most 20 characters (ST, §2.15.2.11), ours plus the envelope. */
function stamped(header: Hl7SegmentBuilder, stamp: AckStamp, suffix: string): void {
  header.set(7, stamp.timestamp).set(11, stamp.controlId.slice(0, 20 - suffix.length) + suffix);
}

/** The delimiters an ACK is written in; the standard ones if it is not an ACK we could read (never throws). */
function ackDelimiters(ack: string): Hl7Delimiters {
  try {
    return ack.startsWith('MSH') ? readDelimiters(ack) : defaultDelimiters;
  } catch {
    return defaultDelimiters;
  }
}

function written(d: Hl7Delimiters, fill: (b: Hl7MessageBuilder) => void): string {
  const b = new Hl7MessageBuilder(d);
  fill(b);
  return b.build();
}
