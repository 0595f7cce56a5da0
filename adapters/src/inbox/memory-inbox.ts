import { randomUUID } from 'node:crypto';
import {
  REPLAY_LINE,
  type Hl7Inbox,
  type InboxEntry,
  type InboxOutcome,
  type InboxQuery,
  type InboxReceipt,
  type InboxStatus,
  type ReceivedMessage,
} from './inbox.js';
import { digestConflicts, messageDigest } from './message-digest.js';

export interface MemoryInboxOptions {
  /** Clock for `receivedAt`, `updatedAt` and leases; default `() => new Date()`. */
  readonly now?: () => Date;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const finalStatuses: ReadonlySet<InboxStatus> = new Set(['processed', 'dead-lettered']);

/**
 * The inbox in process memory: for the embedded default (no MONGODB_URL, where the store is in memory
 * too, so nothing outlives the process anyway) and for tests. Every method runs synchronously inside
 * one turn of the event loop, which is what makes `receive` and `claim` atomic here. Entries are
 * handed out as copies, so a caller cannot change the record by accident.
 */
export class MemoryInbox implements Hl7Inbox {
  private readonly byId = new Map<string, Mutable<InboxEntry>>();
  private readonly idByKey = new Map<string, string>();
  /** Entries per patient, so that the ordering queries look at one patient's messages only. */
  private readonly byOrderKey = new Map<string, Mutable<InboxEntry>[]>();
  private seq = 0;
  private closed = false;
  private readonly now: () => Date;

  constructor(options: MemoryInboxOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async receive(message: ReceivedMessage): Promise<InboxReceipt> {
    this.assertOpen();
    const digest = messageDigest(message.raw);
    const existing = this.idByKey.get(message.key);
    if (existing !== undefined) {
      const entry = this.copy(existing);
      return { entry, duplicate: true, conflict: digestConflicts(entry, digest) };
    }
    const at = this.now().toISOString();
    const { outcome, ...fields } = message;
    const entry: Mutable<InboxEntry> = {
      ...fields,
      id: randomUUID(),
      digest,
      seq: ++this.seq,
      receivedAt: at,
      updatedAt: at,
      status: 'received',
      attempts: 0,
      errors: [],
      resources: [],
    };
    if (outcome !== undefined) applyOutcome(entry, outcome, at);
    if (message.auditPending === true) entry.status = 'received';
    this.byId.set(entry.id, entry);
    this.idByKey.set(entry.key, entry.id);
    if (entry.orderKey !== undefined) {
      const patient = this.byOrderKey.get(entry.orderKey) ?? [];
      patient.push(entry);
      this.byOrderKey.set(entry.orderKey, patient);
    }
    return { entry: this.copy(entry.id), duplicate: false, conflict: false };
  }

  async get(id: string): Promise<InboxEntry | undefined> {
    this.assertOpen();
    return this.byId.has(id) ? this.copy(id) : undefined;
  }

  async claim(id: string, worker: string, leaseMs: number): Promise<InboxEntry | undefined> {
    this.assertOpen();
    const entry = this.byId.get(id);
    if (entry === undefined || finalStatuses.has(entry.status) || this.leaseLive(entry)) return undefined;
    const now = this.now();
    entry.leasedBy = worker;
    entry.leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    entry.attempts += 1;
    entry.updatedAt = now.toISOString();
    return this.copy(id);
  }

  async renew(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const entry = this.heldBy(id, worker);
    if (entry === undefined) return false;
    const now = this.now();
    entry.leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    entry.updatedAt = now.toISOString();
    return true;
  }

  async release(id: string, worker: string, error: string): Promise<boolean> {
    const entry = this.heldBy(id, worker);
    if (entry === undefined) return false;
    const at = this.now().toISOString();
    entry.status = 'failed';
    entry.errors = [...entry.errors, { at, text: error }];
    this.endLease(entry, at);
    return true;
  }

  async complete(id: string, worker: string, outcome: InboxOutcome): Promise<boolean> {
    const entry = this.heldBy(id, worker);
    if (entry === undefined) return false;
    const at = this.now().toISOString();
    applyOutcome(entry, outcome, at);
    this.endLease(entry, at);
    return true;
  }

  async hasEarlierPending(entry: InboxEntry): Promise<boolean> {
    this.assertOpen();
    return this.samePatient(entry).some((e) => e.seq < entry.seq && !finalStatuses.has(e.status));
  }

  async hasNewerApplied(entry: InboxEntry): Promise<boolean> {
    this.assertOpen();
    const time = entry.messageTime === undefined ? NaN : Date.parse(entry.messageTime);
    if (Number.isNaN(time)) return false;
    return this.samePatient(entry).some(
      (e) =>
        e.id !== entry.id &&
        e.status === 'processed' &&
        e.ackCode === 'AA' &&
        e.messageTime !== undefined &&
        Date.parse(e.messageTime) > time,
    );
  }

  async list(query: InboxQuery): Promise<InboxEntry[]> {
    this.assertOpen();
    const after = query.afterSeq ?? 0;
    return [...this.byId.values()]
      .filter((e) => e.seq > after && (query.status === undefined || e.status === query.status))
      .sort((a, b) => a.seq - b.seq)
      .slice(0, Math.max(0, query.limit))
      .map((e) => this.copy(e.id));
  }

  async reset(id: string): Promise<InboxEntry | undefined> {
    this.assertOpen();
    const entry = this.byId.get(id);
    if (entry === undefined) return undefined;
    if (finalStatuses.has(entry.status)) {
      const at = this.now().toISOString();
      entry.status = 'received';
      entry.attempts = 0;
      entry.errors = [...entry.errors, { at, text: REPLAY_LINE }];
      delete entry.ack;
      delete entry.ackCode;
      this.endLease(entry, at);
    }
    return this.copy(id);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private samePatient(entry: InboxEntry): readonly Mutable<InboxEntry>[] {
    return entry.orderKey === undefined ? [] : (this.byOrderKey.get(entry.orderKey) ?? []);
  }

  private leaseLive(entry: InboxEntry): boolean {
    return entry.leaseUntil !== undefined && Date.parse(entry.leaseUntil) > this.now().getTime();
  }

  private heldBy(id: string, worker: string): Mutable<InboxEntry> | undefined {
    this.assertOpen();
    const entry = this.byId.get(id);
    if (entry === undefined || entry.leasedBy !== worker || finalStatuses.has(entry.status)) return undefined;
    return entry;
  }

  private endLease(entry: Mutable<InboxEntry>, at: string): void {
    delete entry.leasedBy;
    delete entry.leaseUntil;
    entry.updatedAt = at;
  }

  private copy(id: string): InboxEntry {
    const entry = this.byId.get(id);
    if (entry === undefined) throw new Error(`inbox entry ${id} vanished`);
    // Nested parts are replaced, never changed in place, so copying one level down is enough.
    return { ...entry, sender: { ...entry.sender }, errors: [...entry.errors], resources: [...entry.resources] };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the HL7 v2 inbox is closed');
  }
}

/** A decided outcome onto an entry: final status, the ACK, and the resources added to those listed. */
function applyOutcome(entry: Mutable<InboxEntry>, outcome: InboxOutcome, at: string): void {
  entry.status = outcome.status;
  entry.ack = outcome.ack;
  entry.ackCode = outcome.ackCode;
  entry.resources = [...new Set([...entry.resources, ...(outcome.resources ?? [])])];
  if (outcome.error !== undefined) entry.errors = [...entry.errors, { at, text: outcome.error }];
}
