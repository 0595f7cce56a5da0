/**
 * The HL7 v2 inbox: every message received is written here, raw, before anything else happens, and
 * is the record of what became of it (DESIGN "An HL7v2 message's way"). Exactly-once rests on it:
 * the key (MSH-3, MSH-4, MSH-10) is unique, so a resend is recognised and answered with the
 * original ACK; a claim with a lease lets one worker at a time apply an entry; `seq` orders the
 * messages of one patient. Implementations: `MemoryInbox` (here, for the embedded default and tests)
 * and the MongoDB one in the server; both pass `inbox/contract/`.
 */
export interface Hl7Inbox {
  /**
   * Stores a new message (status `received`, attempts 0, next `seq`) and resolves once that write is
   * durable. One with `outcome` is stored final at once (`outcome.status`, its ACK). A message whose key
   * is already there is not stored again, even under concurrent receives: the existing entry comes back
   * with `duplicate: true`, and `conflict: true` when its `digest` (message-digest.ts) differs: the
   * sender reused the control id for another message, which must not pass as a resend.
   */
  receive(message: ReceivedMessage): Promise<InboxReceipt>;
  get(id: string): Promise<InboxEntry | undefined>;
  /**
   * Takes entry `id` for `leaseMs` if it is `received` or `failed` and no live lease holds it
   * (`leaseUntil` absent or past): sets `leasedBy`/`leaseUntil`, counts an attempt, keeps the status.
   * Atomic: of two concurrent claims at most one succeeds. Undefined when someone else holds it, it
   * is final, or there is no such entry.
   */
  claim(id: string, worker: string, leaseMs: number): Promise<InboxEntry | undefined>;
  /**
   * Extends the lease of the last claimant to `leaseMs` from now, while its attempt runs (before each
   * slow step). False, changing nothing, for anyone else or a final entry: the caller was overtaken and
   * must stop before writing anything more.
   */
  renew(id: string, worker: string, leaseMs: number): Promise<boolean>;
  /**
   * Gives a claimed entry back after a failed attempt: status `failed`, the error appended, the
   * lease cleared. Only the last claimant (`leasedBy === worker`, even past its lease) of an entry
   * that is not final may; otherwise nothing changes and it resolves `false`.
   */
  release(id: string, worker: string, error: string): Promise<boolean>;
  /**
   * Records the outcome of a claimed entry: `processed` (AA, AE or AR) or `dead-lettered`, with its
   * ACK and resources (added to those listed); the lease cleared. Same rule and answer as `release`.
   */
  complete(id: string, worker: string, outcome: InboxOutcome): Promise<boolean>;
  /** Whether a message with the same `orderKey` and a lower `seq` is not final yet (it must go first). */
  hasEarlierPending(entry: InboxEntry): Promise<boolean>;
  /**
   * Whether another message with the same `orderKey` and a later `messageTime` was applied (status
   * `processed`, ack code AA), whatever its `seq`: this one is then stale (an A01 behind its A08, or
   * an old message replayed) and may only write its `stateElements`. False without orderKey or time.
   */
  hasNewerApplied(entry: InboxEntry): Promise<boolean>;
  /** Entries by status (all when absent), by `seq` ascending, `limit` at most, after `afterSeq` (for paging). */
  list(query: InboxQuery): Promise<InboxEntry[]>;
  /**
   * Puts a final or dead-lettered entry back to `received` with attempts 0, no ACK and no lease (the
   * resources it already produced and its errors stay listed, and `REPLAY_LINE` is added to its errors:
   * the worker tells from it that the records may exist), for a replay. An entry that is not final
   * comes back unchanged. Undefined when there is no such entry.
   */
  reset(id: string): Promise<InboxEntry | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The error line `reset` adds: the entry was put back for a replay. */
export const REPLAY_LINE = 'reset for replay';

export type InboxStatus = 'received' | 'processed' | 'failed' | 'dead-lettered';

/** What the transport knows when a message arrives. */
export interface ReceivedMessage {
  /** The decoded message text (one message, segments ended by CR). */
  readonly raw: string;
  /** MSH-3 ^ MSH-4 ^ MSH-10 as written; an unparsable message gets a key from its digest. */
  readonly key: string;
  readonly sender: { readonly transport: 'mllp' | 'http'; readonly address?: string };
  /** MSH-9 as written, e.g. `ADT^A01^ADT_A01`. */
  readonly messageType?: string;
  readonly controlId?: string;
  /** The patient the message is about (first PID-3 key), to apply one patient's messages in order. */
  readonly orderKey?: string;
  /** EVN-2, else MSH-7, as an ISO instant: which of two messages about one patient is newer. */
  readonly messageTime?: string;
  /** Set when the ACK was decided at receipt (an unparsable message gets its AR at once). */
  readonly outcome?: InboxOutcome;
  /**
   * With `outcome`: the entry keeps that ACK, code and error but stays `received`, so that a worker
   * (which alone reaches the FHIR server) writes its AuditEvent and completes it with that ACK; the
   * sweeper queues it again if its job is lost. Issue 5: every message yields an AuditEvent.
   */
  readonly auditPending?: boolean;
}

/** What `receive` answers: the entry of the key, and whether it was there already (with other content). */
export interface InboxReceipt {
  readonly entry: InboxEntry;
  readonly duplicate: boolean;
  readonly conflict: boolean;
}

export interface InboxEntry extends ReceivedMessage {
  /** Stable id, URL-safe (the API and the queue carry it). */
  readonly id: string;
  /** `messageDigest(raw)`; absent on entries stored before digests were kept (then any resend matches). */
  readonly digest?: string;
  /** Arrival order, increasing across the inbox. */
  readonly seq: number;
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly status: InboxStatus;
  readonly attempts: number;
  /** One line per failed attempt: when and why (no message content). */
  readonly errors: readonly { readonly at: string; readonly text: string }[];
  /** The worker that claimed it last, and until when its lease holds (ISO instant). */
  readonly leasedBy?: string;
  readonly leaseUntil?: string;
  /** The final ACK (application acknowledgment), once decided. */
  readonly ack?: string;
  readonly ackCode?: 'AA' | 'AE' | 'AR';
  /** `Type/id` of every resource the message produced or changed. */
  readonly resources: readonly string[];
}

export interface InboxOutcome {
  readonly status: 'processed' | 'dead-lettered';
  readonly ack: string;
  readonly ackCode: 'AA' | 'AE' | 'AR';
  readonly resources?: readonly string[];
  readonly error?: string;
}

export interface InboxQuery {
  readonly status?: InboxStatus;
  readonly limit: number;
  readonly afterSeq?: number;
}
