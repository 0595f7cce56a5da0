import { createHash } from 'node:crypto';
import { buildBatchAck } from '../ack/batch-ack.js';
import { buildAck } from '../ack/build-ack.js';
import { buildRejectAck } from '../ack/reject-ack.js';
import { readBatchFile, type Hl7BatchFile } from '../hl7/batch.js';
import { decodeHl7, type DecodedHl7 } from '../hl7/decode.js';
import { encodeHl7Bytes } from '../hl7/encode-bytes.js';
import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';
import { Hl7ParseError } from '../hl7/parse-error.js';
import type { Hl7Inbox, InboxEntry, InboxReceipt, ReceivedMessage } from '../inbox/inbox.js';
import { messageDigest } from '../inbox/message-digest.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import type { MappingOptions } from '../mapping/mapping-options.js';
import { awaitFinalAck } from './await-final-ack.js';
import { wantsCommitAck } from './commit-ack.js';
import { headerIssue, readEnvelope, type Envelope } from './envelope.js';
import type { Hl7JobQueue } from './hl7-job-queue.js';
import { parseIssue } from './parse-issue.js';

export interface Hl7ReceiverOptions {
  readonly inbox: Hl7Inbox;
  readonly queue: Pick<Hl7JobQueue, 'enqueue'>;
  /** `original` (default): answer the application ACK; `enhanced`: a commit ACK once stored. MSH-15 set: enhanced. */
  readonly ackMode?: 'original' | 'enhanced';
  /** Identifier systems and zone, as the worker maps with (the patient key must name the same Patient). */
  readonly mapping?: MappingOptions;
  /** Original mode: how long a sender waits for its ACK before an AR 207 "try later". Default 25 s. */
  readonly replyTimeoutMs?: number;
  readonly now?: () => Date;
  /** Told about failures of the inbox or the queue (ids only, never content). */
  readonly onError?: (error: unknown) => void;
}

export type Hl7Sender = ReceivedMessage['sender'];

/** Bytes in → bytes out (in the input's character set); text in → text out; undefined: send nothing (MSH-15). */
export type Hl7Receiver = {
  (input: Uint8Array, sender: Hl7Sender): Promise<Uint8Array | undefined>;
  (input: string, sender: Hl7Sender): Promise<string | undefined>;
};

/** An answer still to come, per message: the queue and the worker take their time. */
type Answer = () => Promise<string | undefined>;

const tryLater: Hl7Issue = { code: '207', text: 'the message could not be stored now; send it again later' };
const notAnswered: Hl7Issue = { code: '207', text: 'no answer in time; send the message again later' };
/** Table 0357 205 "duplicate key identifier": MSH-10 names another message already (inbox.ts `conflict`). */
const reusedControlId: Hl7Issue = {
  code: '205',
  location: 'MSH-10',
  text: 'the control id was already used for a different message; this one was not applied',
};

/**
 * The receiving end of the HL7 v2 pipeline, for MLLP and HTTP alike (DESIGN "An HL7v2 message's way"):
 * decode → split a batch (each message on its own, answered with a batch of ACKs) → per message,
 * the minimal read (key, patient, time) → `inbox.receive` (durable) → answer:
 * - unparsable or headless (no MSH-9..12): AR at once, kept in the inbox as processed/AR;
 * - inbox down: AR 207 (CE in enhanced mode), nothing stored, so the sender's resend counts;
 * - a resend (same MSH-3/4/10): the stored ACK, waited for if not final; a dead-lettered one is replayed;
 * - another message under a key already used (a reused control id): not applied, AE 205 (CR in enhanced
 *   mode), kept on record as processed/AE under a key of its own;
 * - original mode: queue the entry, answer its final ACK (AR 207 after `replyTimeoutMs`: the entry is
 *   on record and the sweeper will queue it again if the queue lost it);
 * - enhanced mode: CA once stored, by MSH-15 (AL/NE/ER/SU); the application ACK is kept in the inbox.
 */
export function createHl7Receiver(options: Hl7ReceiverOptions): Hl7Receiver {
  const receiver = new Receiver(options);
  const receive = async (input: Uint8Array | string, sender: Hl7Sender): Promise<Uint8Array | string | undefined> => {
    const decoded = typeof input === 'string' ? { text: input, charset: '' } : decodeFailSafe(input);
    const reply =
      decoded.issue === undefined
        ? await receiver.receive(decoded.text, sender)
        : await receiver.refuseText(decoded.text, sender, decoded.issue);
    return reply === undefined || typeof input === 'string' ? reply : encodeHl7Bytes(reply, decoded.charset);
  };
  return receive as Hl7Receiver;
}

/** Bytes that cannot be decoded in the set they declare are refused (AR) on a Latin-1 reading, to salvage MSH. */
function decodeFailSafe(bytes: Uint8Array): DecodedHl7 & { issue?: Hl7Issue } {
  try {
    return decodeHl7(bytes);
  } catch (error) {
    if (!(error instanceof Hl7ParseError)) throw error;
    const text = Buffer.from(bytes).toString('latin1');
    return { text, charset: '', issue: parseIssue(error) };
  }
}

/** Why input is kept on record without being applied, and what is known of it. */
interface Refusal {
  readonly issue: Hl7Issue;
  readonly ackCode?: 'AE' | 'AR';
  readonly fields?: Envelope;
}

class Receiver {
  private readonly now: () => Date;

  constructor(private readonly options: Hl7ReceiverOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async receive(text: string, sender: Hl7Sender): Promise<string | undefined> {
    let file: Hl7BatchFile;
    try {
      file = readBatchFile(text);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      return this.refuseText(text, sender, parseIssue(error));
    }
    if (!file.isBatch) return (await this.accept(file.messages[0] ?? text, sender, false))();
    // Stored one after the other, so that `seq` is the order of the batch; answered together, every
    // message (MSH-15 cannot leave a hole in a batch of ACKs).
    const answers: Answer[] = [];
    for (const message of file.messages) answers.push(await this.accept(message, sender, true));
    const acks = await Promise.all(answers.map(async (answer) => (await answer()) ?? ''));
    return buildBatchAck(file, acks, { now: this.now() });
  }

  /** Input refused before it could be read: AR, kept on record under a key from its digest. */
  async refuseText(text: string, sender: Hl7Sender, issue: Hl7Issue): Promise<string> {
    const ack = buildRejectAck(text, issue, { now: this.now() });
    return this.record(text, sender, ack, { issue });
  }

  private async accept(text: string, sender: Hl7Sender, inBatch: boolean): Promise<Answer> {
    let message: Hl7Message;
    try {
      message = parseHl7(text);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      const ack = await this.refuseText(text, sender, parseIssue(error));
      return async () => ack;
    }
    const read = readEnvelope(message, this.options.mapping ?? {});
    const enhanced = this.options.ackMode === 'enhanced' || read.acceptAckType !== undefined;
    const envelope = inBatch && enhanced ? { ...read, acceptAckType: 'AL' } : read;
    const issue = headerIssue(message, this.options.mapping);
    if (issue !== undefined) {
      const ack = await this.record(text, sender, buildAck(message, 'AR', issue, { now: this.now() }), { issue });
      return this.commitAnswer(message, envelope, enhanced ? 'CR' : undefined, ack, issue);
    }
    let stored: InboxReceipt;
    try {
      const { acceptAckType: _, ...fields } = envelope;
      stored = await this.options.inbox.receive({ raw: text, sender, ...fields });
    } catch (error) {
      this.options.onError?.(error);
      const ack = buildAck(message, 'AR', tryLater, { now: this.now() });
      return this.commitAnswer(message, envelope, enhanced ? 'CE' : undefined, ack, tryLater);
    }
    const { entry, duplicate, conflict } = stored;
    if (conflict) {
      const ack = await this.record(text, sender, buildAck(message, 'AE', reusedControlId, { now: this.now() }), {
        issue: reusedControlId,
        ackCode: 'AE',
        fields: { ...envelope, key: `conflict:${envelope.key}#${messageDigest(text)}` },
      });
      return this.commitAnswer(message, envelope, enhanced ? 'CR' : undefined, ack, reusedControlId);
    }
    if (enhanced) {
      if (!duplicate || entry.status !== 'processed') void this.startJob(entry, duplicate);
      return this.commitAnswer(message, envelope, 'CA', '');
    }
    if (duplicate && entry.status === 'processed' && entry.ack !== undefined) return async () => entry.ack;
    return () => this.finalAck(message, entry, duplicate);
  }

  /** The commit ACK (enhanced mode) when MSH-15 asks for it, else `fallback` (original mode). */
  private commitAnswer(
    message: Hl7Message,
    envelope: Envelope,
    code: 'CA' | 'CE' | 'CR' | undefined,
    fallback: string,
    issue?: Hl7Issue,
  ): Answer {
    if (code === undefined) return async () => fallback;
    const ack = wantsCommitAck(envelope.acceptAckType, code)
      ? buildAck(message, code, issue, { now: this.now() })
      : undefined;
    return async () => ack;
  }

  /** Queues an entry (a dead-lettered resend is reset first: a replay), without waiting for the job. */
  private startJob(entry: InboxEntry, duplicate: boolean): Promise<string | undefined> {
    const job = (async () => {
      if (duplicate && entry.status === 'dead-lettered') await this.options.inbox.reset(entry.id);
      return this.options.queue.enqueue(entry.id);
    })();
    return job.catch((error: unknown) => {
      this.options.onError?.(error);
      return undefined;
    });
  }

  /** Original mode: the job's ACK, else (queue down or slow) the inbox's once decided, else AR 207. */
  private async finalAck(message: Hl7Message, entry: InboxEntry, duplicate: boolean): Promise<string> {
    const deadline = Date.now() + (this.options.replyTimeoutMs ?? 25_000);
    const viaQueue = await beforeDeadline(this.startJob(entry, duplicate), deadline);
    if (viaQueue !== undefined && viaQueue !== '') return viaQueue;
    const stored = await awaitFinalAck(this.options.inbox, entry.id, deadline).catch(() => undefined);
    return stored ?? buildAck(message, 'AR', notAnswered, { now: this.now() });
  }

  /**
   * Keeps refused input on record (AR unless said otherwise, under a key from its digest unless
   * given) with its AuditEvent pending, and queues it for the worker to write that AuditEvent (the
   * receiver has no FHIR server; the sweeper covers a lost job). The ACK is answered at once, even if
   * the inbox or the queue is down.
   */
  private async record(text: string, sender: Hl7Sender, ack: string, refusal: Refusal): Promise<string> {
    const key = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const { issue, ackCode = 'AR', fields } = refusal;
    const outcome = { status: 'processed' as const, ack, ackCode, error: issue.text };
    try {
      const { acceptAckType: _, ...known } = fields ?? { key };
      const { entry, duplicate } = await this.options.inbox.receive({
        ...known,
        raw: text,
        sender,
        outcome,
        auditPending: true,
      });
      if (!duplicate) this.options.queue.enqueue(entry.id).catch((error: unknown) => this.options.onError?.(error));
      return entry.ack ?? ack;
    } catch (error) {
      this.options.onError?.(error);
      return ack;
    }
  }
}

/** `promise`'s value, or undefined once `deadline` (epoch ms) passes first. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
