import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';

/** `<patient>#<seq>`: an entry of the patient that may not be final yet. */
interface PendingDocument {
  _id: string;
  entry: string;
  /** Epoch ms of the receipt that wrote it (inserted before its entry). */
  at: number;
}

/** `<patient>#<message time>#<entry id>`: a message of the patient applied with AA. */
interface AppliedDocument {
  _id: string;
}

/** The entry as the ordering check reads it. */
export type EntryProbe = (id: string) => Promise<{ seq: number; pending: boolean } | undefined>;

/** How long a pending mark may name an entry not written yet (a receipt in flight) before it counts as abandoned. */
const RECEIPT_GRACE_MS = 30_000;
const digits = (n: number, width: number): string => String(Math.max(0, Math.trunc(n))).padStart(width, '0');
const seqPart = (seq: number): string => digits(seq, 15);
/** Message times from year 1653 on, sortable as text. */
const timePart = (ms: number): string => digits(ms + 1e13, 16);

/**
 * What the inbox knows per patient, for the two ordering questions a worker asks of every message
 * (inbox.ts: hasEarlierPending, hasNewerApplied), kept in documents that are only ever inserted or
 * deleted by `_id`: FerretDB 1.24 runs `$addToSet`, `$pull` and `$max` as a read then a write, so one
 * patient document lost concurrent updates (review finding 2: 5 of 20 concurrent additions kept).
 * Each question is one `_id` range of one patient (`<patient>#…`; the patient is the digest of the
 * orderKey, so no MRN in an `_id` or an error, and no key is a prefix of another's). Pending marks are
 * deleted once their entry is final and older applied times once a newer one is there, so both
 * collections stay about as small as the messages in flight and the patients seen.
 */
export class InboxPatients {
  constructor(
    private readonly pending: Collection<PendingDocument>,
    private readonly applied: Collection<AppliedDocument>,
    private readonly now: () => Date,
  ) {}

  /**
   * Before the entry is written, so that a later message of the patient waits for it while its
   * insert is still on the way (review finding 14); a crash in between leaves a mark that names no
   * entry, dropped after RECEIPT_GRACE_MS.
   */
  async pendingAdded(orderKey: string, seq: number, entry: string): Promise<void> {
    const doc = { _id: `${patient(orderKey)}#${seqPart(seq)}`, entry, at: this.now().getTime() };
    await insertOnce(this.pending, doc);
  }

  /** After the entry became final; `appliedMs` when it was applied (AA) and has a message time. */
  async settled(orderKey: string, seq: number, entry: string, appliedMs?: number): Promise<void> {
    const prefix = `${patient(orderKey)}#`;
    if (appliedMs !== undefined) {
      const _id = `${prefix}${timePart(appliedMs)}#${entry}`;
      await insertOnce(this.applied, { _id });
      // Only the latest time is ever asked for; the one just written stays.
      await retriedWhenBusy(() => this.applied.deleteMany({ _id: { $gte: prefix, $lt: _id } }));
    }
    await this.#drop(`${prefix}${seqPart(seq)}`);
  }

  /** Whether an entry of the patient with a seq below `seq` is not final (or is still being written). */
  async hasEarlierPending(orderKey: string, seq: number, probe: EntryProbe): Promise<boolean> {
    const prefix = `${patient(orderKey)}#`;
    const marks = await this.pending.find({ _id: { $gte: prefix, $lt: `${prefix}${seqPart(seq)}` } }).toArray();
    for (const mark of marks) {
      const entry = await probe(mark.entry);
      const markSeq = Number(mark._id.slice(prefix.length));
      if (entry === undefined && this.now().getTime() - mark.at < RECEIPT_GRACE_MS) return true;
      if (entry !== undefined && entry.seq === markSeq && entry.pending) return true;
      // Final, abandoned, or a receipt that lost its key to a concurrent one: nothing to wait for.
      await this.#drop(mark._id);
    }
    return false;
  }

  /** Whether a message of the patient timed after `timeMs` was applied (AA). */
  async hasNewerApplied(orderKey: string, timeMs: number): Promise<boolean> {
    const prefix = `${patient(orderKey)}#`;
    // `~` sorts after every digit and id character: past every entry of `timeMs` itself.
    const filter = { _id: { $gt: `${prefix}${timePart(timeMs)}#~`, $lt: `${prefix}~` } };
    return (await this.applied.findOne(filter, { projection: { _id: 1 } })) !== null;
  }

  async #drop(_id: string): Promise<void> {
    await retriedWhenBusy(() => this.pending.deleteOne({ _id }));
  }
}

function patient(orderKey: string): string {
  return createHash('sha256').update(orderKey).digest('base64url');
}

/** An insert by `_id` that an earlier (unseen) success of the same write satisfies. */
async function insertOnce<T extends { _id: string }>(collection: Collection<T>, doc: T): Promise<void> {
  try {
    // The driver's OptionalUnlessRequiredId cannot see that T carries its _id.
    await retriedWhenBusy(() => collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]));
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
