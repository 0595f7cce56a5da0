/**
 * The audit chain's ledger (DESIGN.md "Data in MongoDB": AuditEvents are hash-chained): one link
 * per unit of work that appended AuditEvents, keyed by the first sequence number it claimed.
 * A link is claimed by an insert on that key alone — the one write FerretDB 1.24 makes atomic
 * (it has no atomic conditional update or `$inc`) — so of concurrent writers, in any number of
 * processes, exactly one gets each sequence number; the others read the winner's link and try
 * after it. The link carries its events' hashes, so the next writer chains to it without
 * reading the events themselves.
 */
export interface ChainLink {
  /** The first sequence number of the run (1-based); the next link starts at sequence + events.length. */
  sequence: number;
  /** The AuditEvents of the run in sequence order: their ids and hashes (hex SHA-256). */
  events: ChainedEventRef[];
  /** The hash of the event just before `sequence` (64 zeros before the first). */
  previousHash: string;
  /** ISO instant of the claim. */
  claimedAt: string;
  /**
   * Why the unit that claimed this link failed (it was rolled back: its events were never
   * stored). Set by the claimer after the failure; the verifier reports such links, not as breaks.
   */
  voided?: string;
  /** ISO instant of the void (links voided before it was recorded have none). */
  voidedAt?: string;
}

export interface ChainedEventRef {
  id: string;
  hash: string;
}

export interface ChainLedger {
  /** Inserts the link keyed by its sequence; false when a link with that key exists already. */
  claim(link: ChainLink): Promise<boolean>;
  /** The link that starts at `sequence` (a lookup by key), if any. */
  read(sequence: number): Promise<ChainLink | undefined>;
  /** The link with the highest sequence, undefined while the chain is empty. */
  last(): Promise<ChainLink | undefined>;
  /** The first link after `sequence`, to tell a gap from the end of the chain. */
  next(sequence: number): Promise<ChainLink | undefined>;
  /**
   * The links that hold a sequence in [from, to), in sequence order: the one containing `from`
   * (it may start before it) and every one starting before `to`. Two queries per page, not one
   * per link: what the verifier walks.
   */
  range(from: number, to: number): Promise<ChainLink[]>;
  /** Marks a claimed link whose unit failed (see `ChainLink.voided`). */
  void(sequence: number, reason: string): Promise<void>;
}
