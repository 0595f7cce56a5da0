/** Fixes what an ACK would otherwise take from the clock and a random source (for tests and replays). */
export interface AckOptions {
  /** MSH-10 of the ACK; default 20 random hex characters (MSH-10 is at most 20 characters up to v2.6). */
  readonly controlId?: string;
  /** MSH-7 of the ACK; default now. */
  readonly now?: Date;
}
