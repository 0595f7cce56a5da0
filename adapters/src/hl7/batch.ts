import { readDelimiters } from './delimiters.js';
import { headerSegment } from './header-segment.js';
import { Hl7ParseError } from './parse-error.js';
import type { Hl7Segment } from './segment.js';
import { segmentId, splitSegmentLines } from './segment-lines.js';

/** One batch (v2.5.1 §2.10.3): its BHS when it had one (header-less batches have none) and its messages. */
export interface Hl7Batch {
  readonly header?: Hl7Segment;
  /** Each message's text with CR terminators, ready for `parseHl7`. */
  readonly messages: readonly string[];
}

/** A received file, batch or message cut into its parts: the FHS when there was one, and its batches. */
export class Hl7BatchFile {
  constructor(
    readonly header: Hl7Segment | undefined,
    readonly batches: readonly Hl7Batch[],
  ) {}

  /** Every message, in order. */
  get messages(): string[] {
    return this.batches.flatMap((b) => b.messages);
  }

  /** A batch is answered by a batch of ACKs (`buildBatchAck`); a lone message by its own ACK. */
  get isBatch(): boolean {
    const [only, ...more] = this.batches;
    return this.header !== undefined || more.length > 0 || only?.header !== undefined || only?.messages.length !== 1;
  }
}

/**
 * Reads an HL7 v2 batch or file (v2.5.1 §2.10.3): `[FHS] {[BHS] {MSH …} [BTS]} [FTS]`, and also messages
 * simply written back to back (a header-less batch). A segment is recognised by its id at the start of a
 * line only, so text such as `MSH` inside an OBX value is never a split point. Rejected (`Hl7ParseError`):
 * segments outside any message (a batch with no MSH), a BHS while a batch is still open (BHS inside a
 * message), a BTS or FTS out of place, anything after FTS, a BTS-1/FTS-1 count that disagrees with what
 * was actually there (§2.15.3, §2.15.7), and an FHS/BHS whose delimiters cannot be read.
 */
export function readBatchFile(text: string): Hl7BatchFile {
  const state = new BatchState();
  splitSegmentLines(text).forEach((line, index) => state.accept(line, `segment ${index + 1}`));
  return state.finish();
}

/** The texts of the messages of a batch or file (see `readBatchFile`), each with CR terminators. */
export function splitBatch(text: string): string[] {
  return readBatchFile(text).messages;
}

interface OpenBatch {
  readonly header?: Hl7Segment;
  readonly messages: string[][];
}

class BatchState {
  private file: Hl7Segment | undefined;
  private readonly batches: OpenBatch[] = [];
  private current: string[] | undefined;
  private batchOpen = false;
  private headedBatches = 0;
  private fileClosed = false;
  private seen = 0;

  accept(line: string, where: string): void {
    const id = segmentId(line);
    if (this.fileClosed) throw new Hl7ParseError('segment after FTS', where, '100');
    this.seen += 1;
    switch (id) {
      case 'FHS':
        if (this.seen !== 1) throw new Hl7ParseError('FHS must be the first segment', where, '100');
        this.file = envelopeHeader(line, where);
        return;
      case 'BHS':
        if (this.batchOpen) throw new Hl7ParseError('BHS while a batch is still open', where, '100');
        this.endMessage();
        this.batches.push({ header: envelopeHeader(line, where), messages: [] });
        this.batchOpen = true;
        this.headedBatches += 1;
        return;
      case 'BTS':
        if (!this.batchOpen) throw new Hl7ParseError('BTS without BHS', where, '100');
        this.endMessage();
        checkCount(line, [this.batches.at(-1)?.messages.length ?? 0], where);
        this.batchOpen = false;
        return;
      case 'FTS':
        if (this.file === undefined || this.batchOpen) throw new Hl7ParseError('FTS out of place', where, '100');
        this.endMessage();
        // FTS-1 counts batches; messages outside BHS … BTS are one implied batch each run, which senders
        // count or not: either count is taken.
        checkCount(line, [this.headedBatches, this.batches.length], where);
        this.fileClosed = true;
        return;
      case 'MSH':
        this.endMessage();
        // A message outside BHS … BTS opens (or continues) a header-less batch.
        if (!this.batchOpen && this.batches.at(-1)?.header !== undefined) this.batches.push({ messages: [] });
        if (this.batches.length === 0) this.batches.push({ messages: [] });
        this.current = [line];
        return;
      default:
        if (this.current === undefined) throw new Hl7ParseError('segment outside any message', where, '100');
        this.current.push(line);
    }
  }

  finish(): Hl7BatchFile {
    if (this.batchOpen) throw new Hl7ParseError('batch not closed by BTS', 'end', '100');
    this.endMessage();
    if (this.batches.every((b) => b.messages.length === 0)) {
      throw new Hl7ParseError('no MSH segment', 'segment 1', '100');
    }
    const batches = this.batches.map((b) => ({
      ...(b.header === undefined ? {} : { header: b.header }),
      messages: b.messages.map((lines) => lines.map((l) => l + '\r').join('')),
    }));
    return new Hl7BatchFile(this.file, batches);
  }

  private endMessage(): void {
    if (this.current !== undefined) this.batches.at(-1)?.messages.push(this.current);
    this.current = undefined;
  }
}

function envelopeHeader(line: string, where: string): Hl7Segment {
  try {
    return headerSegment(line, readDelimiters(line));
  } catch (error) {
    if (error instanceof Hl7ParseError) throw new Hl7ParseError(error.reason, `${where} (${line.slice(0, 3)})`, '100');
    throw error;
  }
}

/** BTS-1 (batch message count, §2.15.3.1) and FTS-1 (file batch count, §2.15.7.1), when given, must match. */
function checkCount(line: string, actual: readonly number[], where: string): void {
  const declared = line.length > 4 ? line.slice(4).split(line.charAt(3), 1)[0] : '';
  if (declared !== undefined && /^\d+$/.test(declared) && !actual.includes(Number(declared))) {
    throw new Hl7ParseError(`trailer count ${declared} but ${actual[0] ?? 0} found`, where, '100');
  }
}
