import { createHash } from 'node:crypto';
import { MongoClient, type Collection, type Db, type Filter, type UpdateFilter } from 'mongodb';
import {
  digestConflicts,
  messageDigest,
  REPLAY_LINE,
  type Hl7Inbox,
  type InboxEntry,
  type InboxOutcome,
  type InboxQuery,
  type InboxReceipt,
  type ReceivedMessage,
} from '@nexushealth/adapters';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';
import { InboxLeases } from './inbox-leases.js';
import { InboxPatients } from './inbox-patients.js';
import { InboxSequence } from './inbox-sequence.js';
import { newInboxDocument, toInboxEntry, type InboxDocument } from './inbox-document.js';

export interface MongoHl7InboxOptions {
  url: string;
  /** Defaults to the database named in the URL, as the resource store does. */
  dbName?: string;
  now?: () => Date;
}

/** Not final: a worker may still apply it (the port's "pending"). */
const PENDING = ['received', 'failed'] as const;
const PENDING_STATUSES: ReadonlySet<string> = new Set(PENDING);
const LEASE = { leasedBy: '', leaseUntil: '', leaseUntilMs: '' } as const;
/** How long the generation a holder takes to write its outcome keeps claimers off (a crash in between). */
const SETTLE_MS = 10_000;

/**
 * The HL7 v2 inbox in MongoDB (collection `hl7_inbox`; tested on FerretDB 1.24). Writes are
 * acknowledged by a majority with the journal, so `receive` resolves only once the message is
 * durable (the enhanced-mode commit ACK rests on it). The id is the digest of the key, so every
 * write and every duplicate check is by `_id`, the one lookup FerretDB 1.x indexes; the unique
 * index on `key` says the same for MongoDB and for anyone reading the collection. `seq` comes from
 * `hl7_inbox_seq` and a claim from `hl7_inbox_leases`, both by inserts, the one write FerretDB 1.24
 * makes atomic (inbox-sequence.ts, inbox-leases.ts), and so are the per-patient ordering marks in
 * `hl7_inbox_pending` and `hl7_inbox_applied` (inbox-patients.ts); the other writes are each made by
 * the one holder of the entry (receiver, lease holder, replay), so they do not race.
 */
export class MongoHl7Inbox implements Hl7Inbox {
  readonly #client: MongoClient;
  readonly #db: Db;
  readonly #entries: Collection<InboxDocument>;
  readonly #sequence: InboxSequence;
  readonly #leases: InboxLeases;
  readonly #patients: InboxPatients;
  readonly #now: () => Date;

  constructor(options: MongoHl7InboxOptions) {
    this.#client = new MongoClient(options.url, {
      writeConcern: { w: 'majority', journal: true },
      ignoreUndefined: true,
    });
    this.#db = this.#client.db(options.dbName);
    this.#entries = this.#db.collection<InboxDocument>('hl7_inbox');
    this.#sequence = new InboxSequence(this.#db.collection('hl7_inbox_seq'));
    this.#leases = new InboxLeases(this.#db.collection('hl7_inbox_leases'));
    this.#now = options.now ?? (() => new Date());
    this.#patients = new InboxPatients(
      this.#db.collection('hl7_inbox_pending'),
      this.#db.collection('hl7_inbox_applied'),
      this.#now,
    );
  }

  /**
   * Connects and creates the indexes, one `createIndex` per index (FerretDB 1.24 crashes on a
   * `createIndexes` of several existing ones: store/mongo/collections.ts).
   */
  async init(): Promise<void> {
    await this.#client.connect();
    await this.#entries.createIndex({ key: 1 }, { unique: true });
    await this.#entries.createIndex({ status: 1, seq: 1 });
    await this.#sequence.init();
  }

  async receive(message: ReceivedMessage): Promise<InboxReceipt> {
    const id = inboxId(message.key);
    const digest = messageDigest(message.raw);
    const existing = await this.#entries.findOne({ _id: id });
    if (existing !== null) return stored(existing, message, digest, true);
    const doc = newInboxDocument(id, await this.#sequence.next(), message, digest, this.#now());
    const ordered = doc.orderKey !== undefined && PENDING_STATUSES.has(doc.status) ? doc.orderKey : undefined;
    if (ordered !== undefined) await this.#patients.pendingAdded(ordered, doc.seq, id);
    try {
      await retriedWhenBusy(() => this.#entries.insertOne(doc));
      return { entry: toInboxEntry(doc), duplicate: false, conflict: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.#entries.findOne({ _id: id });
      if (ordered !== undefined && winner?.seq !== doc.seq) await this.#patients.settled(ordered, doc.seq, id);
      if (winner === null) throw error;
      // Our own insert, acknowledged late (a retry after SQLITE_BUSY), is no duplicate.
      return stored(winner, message, digest, winner.seq !== doc.seq);
    }
  }

  async get(id: string): Promise<InboxEntry | undefined> {
    const doc = await this.#entries.findOne({ _id: id });
    return doc === null ? undefined : toInboxEntry(doc);
  }

  async claim(id: string, worker: string, leaseMs: number): Promise<InboxEntry | undefined> {
    const now = this.#now();
    const doc = await this.#entries.findOne({ _id: id });
    if (doc === null || !isClaimable(doc, now.getTime())) return undefined;
    const leaseUntil = now.getTime() + leaseMs;
    const claims = await this.#leases.take(id, (doc.claims ?? 0) + 1, worker, leaseUntil, now.getTime());
    if (claims === undefined) return undefined;
    // The entry as it is now: it may have been finished since it was read.
    const current = await this.#entries.findOne({ _id: id });
    if (current === null || !PENDING_STATUSES.has(current.status)) return undefined;
    const claimed = {
      claims,
      attempts: current.attempts + 1,
      leasedBy: worker,
      leaseUntil: new Date(leaseUntil).toISOString(),
      leaseUntilMs: leaseUntil,
      updatedAt: now.toISOString(),
    };
    await retriedWhenBusy(() => this.#entries.updateOne({ _id: id }, { $set: claimed }));
    return toInboxEntry({ ...current, ...claimed });
  }

  async renew(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const now = this.#now();
    const until = now.getTime() + leaseMs;
    const lease = { leaseUntil: new Date(until).toISOString(), leaseUntilMs: until, updatedAt: now.toISOString() };
    return (await this.#updateHeld(id, worker, { $set: lease }, until)) !== undefined;
  }

  async release(id: string, worker: string, error: string): Promise<boolean> {
    const at = this.#now().toISOString();
    const held = await this.#updateHeld(id, worker, {
      $set: { status: 'failed', updatedAt: at },
      $unset: LEASE,
      $push: { errors: { at, text: error } },
    });
    return held !== undefined;
  }

  async complete(id: string, worker: string, outcome: InboxOutcome): Promise<boolean> {
    const at = this.#now().toISOString();
    const held = await this.#updateHeld(id, worker, {
      $set: { status: outcome.status, ack: outcome.ack, ackCode: outcome.ackCode, updatedAt: at },
      $unset: LEASE,
      $addToSet: { resources: { $each: [...(outcome.resources ?? [])] } },
      ...(outcome.error === undefined ? {} : { $push: { errors: { at, text: outcome.error } } }),
    });
    if (held?.orderKey !== undefined) {
      const applied = outcome.status === 'processed' && outcome.ackCode === 'AA';
      await this.#patients.settled(held.orderKey, held.seq, id, applied ? held.messageTimeMs : undefined);
    }
    return held !== undefined;
  }

  async hasEarlierPending(entry: InboxEntry): Promise<boolean> {
    if (entry.orderKey === undefined) return false;
    return this.#patients.hasEarlierPending(entry.orderKey, entry.seq, async (id) => {
      const other = await this.#entries.findOne({ _id: id }, { projection: { seq: 1, status: 1 } });
      return other === null ? undefined : { seq: other.seq, pending: PENDING_STATUSES.has(other.status) };
    });
  }

  async hasNewerApplied(entry: InboxEntry): Promise<boolean> {
    const time = entry.messageTime === undefined ? NaN : Date.parse(entry.messageTime);
    if (entry.orderKey === undefined || Number.isNaN(time)) return false;
    return this.#patients.hasNewerApplied(entry.orderKey, time);
  }

  async list(query: InboxQuery): Promise<InboxEntry[]> {
    const filter: Filter<InboxDocument> = { seq: { $gt: query.afterSeq ?? 0 } };
    if (query.status !== undefined) filter.status = query.status;
    const docs = await this.#entries.find(filter).sort({ seq: 1 }).limit(query.limit).toArray();
    return docs.map(toInboxEntry);
  }

  async reset(id: string): Promise<InboxEntry | undefined> {
    const doc = await this.#entries.findOne({ _id: id });
    if (doc === null || PENDING_STATUSES.has(doc.status)) return doc === null ? undefined : toInboxEntry(doc);
    // Past every generation taken, so that a lease left by a claim that found the entry final does not hold up the replay.
    const reset = {
      status: 'received' as const,
      attempts: 0,
      updatedAt: this.#now().toISOString(),
      claims: await this.#leases.highest(id),
    };
    const line = { at: reset.updatedAt, text: REPLAY_LINE };
    if (doc.orderKey !== undefined) await this.#patients.pendingAdded(doc.orderKey, doc.seq, id);
    await retriedWhenBusy(() =>
      this.#entries.updateOne(
        { _id: id },
        { $set: reset, $push: { errors: line }, $unset: { ack: '', ackCode: '', ...LEASE } },
      ),
    );
    const { ack: _ack, ackCode: _code, leasedBy: _by, leaseUntil: _until, leaseUntilMs: _ms, ...kept } = doc;
    return toInboxEntry({ ...kept, ...reset, errors: [...doc.errors, line] });
  }

  async ping(): Promise<void> {
    await this.#db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  /**
   * A write by the last claimant of an entry that is not final (past its lease too); false for
   * anyone else. The check is a read by `_id` (FerretDB 1.24 scans the whole collection for any
   * filter beyond a bare `_id`: 200 ms against 50 ms at 2,000 entries), then the fence: the holder
   * takes the next lease generation (inbox-leases.ts) until `fenceUntil`, which a claimer taking the
   * entry over would have taken first, and only then writes by `_id` (review finding 8: an overtaken
   * holder's release cleared the new holder's lease).
   */
  async #updateHeld(
    id: string,
    worker: string,
    update: UpdateFilter<InboxDocument>,
    fenceUntil = this.#now().getTime() + SETTLE_MS,
  ): Promise<Pick<InboxDocument, 'orderKey' | 'messageTimeMs' | 'seq'> | undefined> {
    const projection = { leasedBy: 1, status: 1, orderKey: 1, messageTimeMs: 1, seq: 1, claims: 1 };
    const doc = await this.#entries.findOne({ _id: id }, { projection });
    if (doc === null || doc.leasedBy !== worker || !PENDING_STATUSES.has(doc.status)) return undefined;
    const held = doc.claims ?? 0;
    if (!(await this.#leases.next(id, held, worker, fenceUntil))) return undefined;
    const fenced = { ...update, $set: { ...update.$set, claims: held + 1 } };
    await retriedWhenBusy(() => this.#entries.updateOne({ _id: id }, fenced));
    return doc;
  }
}

/** Pending, and no live lease holds it. */
function isClaimable(doc: InboxDocument, now: number): boolean {
  return PENDING_STATUSES.has(doc.status) && (doc.leaseUntilMs === undefined || doc.leaseUntilMs <= now);
}

/** URL-safe, fixed length, and the same for every resend of one key. */
function inboxId(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** The stored entry of a key as a receipt; a digest collision (two keys, one id) must never pass as a duplicate. */
function stored(doc: InboxDocument, message: ReceivedMessage, digest: string, duplicate: boolean): InboxReceipt {
  if (doc.key !== message.key) throw new Error(`inbox id ${doc._id} is taken by another key`);
  return { entry: toInboxEntry(doc), duplicate, conflict: duplicate && digestConflicts(doc, digest) };
}
