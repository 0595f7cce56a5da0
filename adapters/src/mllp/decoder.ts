import { CARRIAGE_RETURN, END_BLOCK, START_BLOCK } from './frame.js';

/** An oversize block carries its first bytes (`head`, at most `headBytes`): the MSH the refusal answers. */
export type MllpEvent =
  { readonly kind: 'frame'; readonly payload: Buffer } | { readonly kind: 'oversize'; readonly head: Buffer };

const headBytes = 4096;

/**
 * Reassembles MLLP blocks from TCP reads, which may cut a block anywhere (even between FS and CR) or carry
 * several blocks at once. Bytes outside a block (line noise, a peer's keep-alive) are discarded, as MLLP
 * R2 allows. An FS not followed by CR is payload. A start byte inside a block discards the unfinished
 * block and starts anew. A block growing past `maxFrameBytes` yields one
 * 'oversize' event, after which the decoder ignores everything: the connection is to be answered and
 * closed, since nothing after it can be trusted to be aligned.
 */
export class MllpDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inBlock = false;
  private pendingEnd = false;
  private broken = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let i = 0;
    while (i < chunk.length && !this.broken) {
      if (!this.inBlock) {
        const start = chunk.indexOf(START_BLOCK, i);
        if (start < 0) break;
        this.inBlock = true;
        i = start + 1;
        continue;
      }
      if (this.pendingEnd) {
        this.pendingEnd = false;
        if (chunk[i] === CARRIAGE_RETURN) {
          events.push(this.finish());
          i += 1;
          continue;
        }
        this.append(Buffer.of(END_BLOCK), events);
        continue;
      }
      const end = chunk.indexOf(END_BLOCK, i);
      const restart = chunk.indexOf(START_BLOCK, i);
      if (restart >= 0 && (end < 0 || restart < end)) {
        // A new start block inside a block: the sender gave up on the unfinished one (it never
        // got its end). Drop it rather than run it into the next message (VT is no HL7 content).
        this.parts = [];
        this.size = 0;
        i = restart + 1;
        continue;
      }
      this.append(chunk.subarray(i, end < 0 ? chunk.length : end), events);
      if (end < 0) break;
      this.pendingEnd = true;
      i = end + 1;
    }
    return events;
  }

  private append(bytes: Buffer, events: MllpEvent[]): void {
    this.parts.push(Buffer.from(bytes));
    this.size += bytes.length;
    if (this.size > this.maxFrameBytes) {
      this.broken = true;
      const head = Buffer.concat(this.parts).subarray(0, headBytes);
      this.parts = [];
      events.push({ kind: 'oversize', head });
    }
  }

  private finish(): MllpEvent {
    const payload = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.inBlock = false;
    return { kind: 'frame', payload };
  }
}
