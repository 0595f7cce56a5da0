import { Hl7ParseError } from './parse-error.js';
import { segmentId, splitSegmentLines } from './segment-lines.js';

/**
 * Splits an HL7 v2 batch or file into the texts of its messages (v2.5.1 §2.10.3):
 * `[FHS] {[BHS] {MSH …} [BTS]} [FTS]`, and also messages simply written back to back.
 * A segment is recognised by its id at the start of a line only, so text such as `MSH` inside an OBX
 * value is never a split point. Rejected (`Hl7ParseError`): segments outside any message (a batch with
 * no MSH), a BHS while a batch is still open (BHS inside a message), a BTS or FTS out of place, anything
 * after FTS, and a BTS-1/FTS-1 count that disagrees with what was actually there.
 * Each message comes back with CR terminators, ready for `parseHl7`.
 */
export function splitBatch(text: string): string[] {
  const state = new BatchState();
  splitSegmentLines(text).forEach((line, index) => state.accept(line, `segment ${index + 1}`));
  return state.finish();
}

class BatchState {
  private readonly messages: string[][] = [];
  private current: string[] | undefined;
  private batchOpen = false;
  private batchMessages = 0;
  private batches = 0;
  private fileOpen = false;
  private fileClosed = false;
  private seen = 0;

  accept(line: string, where: string): void {
    const id = segmentId(line);
    if (this.fileClosed) throw new Hl7ParseError('segment after FTS', where, '100');
    this.seen += 1;
    switch (id) {
      case 'FHS':
        if (this.seen !== 1) throw new Hl7ParseError('FHS must be the first segment', where, '100');
        this.fileOpen = true;
        return;
      case 'BHS':
        if (this.batchOpen) throw new Hl7ParseError('BHS while a batch is still open', where, '100');
        this.endMessage();
        this.batchOpen = true;
        this.batchMessages = 0;
        this.batches += 1;
        return;
      case 'BTS':
        if (!this.batchOpen) throw new Hl7ParseError('BTS without BHS', where, '100');
        this.endMessage();
        checkCount(line, this.batchMessages, where);
        this.batchOpen = false;
        return;
      case 'FTS':
        if (!this.fileOpen || this.batchOpen) throw new Hl7ParseError('FTS out of place', where, '100');
        this.endMessage();
        checkCount(line, this.batches, where);
        this.fileClosed = true;
        return;
      case 'MSH':
        this.endMessage();
        this.current = [line];
        this.batchMessages += 1;
        return;
      default:
        if (this.current === undefined) throw new Hl7ParseError('segment outside any message', where, '100');
        this.current.push(line);
    }
  }

  finish(): string[] {
    if (this.batchOpen) throw new Hl7ParseError('batch not closed by BTS', 'end', '100');
    this.endMessage();
    if (this.messages.length === 0) throw new Hl7ParseError('no MSH segment', 'segment 1', '100');
    return this.messages.map((lines) => lines.map((l) => l + '\r').join(''));
  }

  private endMessage(): void {
    if (this.current !== undefined) this.messages.push(this.current);
    this.current = undefined;
  }
}

/** BTS-1 (batch message count) and FTS-1 (file batch count), when given, must match. */
function checkCount(line: string, actual: number, where: string): void {
  const declared = line.length > 4 ? line.slice(4).split(line.charAt(3), 1)[0] : '';
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) !== actual) {
    throw new Hl7ParseError(`trailer count ${declared} but ${actual} found`, where, '100');
  }
}
