/**
 * The queue the HL7 v2 pipeline hands inbox entries to. The server's `JobQueue<string, string>`
 * (bull on Redis, or in-process) satisfies it structurally; jobs carry only the inbox entry id,
 * never the message, so nothing with PHI sits in Redis and a lost job loses nothing (the entry is
 * still `received` in the inbox and is re-queued).
 */
export interface Hl7JobQueue {
  /** Resolves with the job's result (the final ACK) once a worker is done with entry `entryId`. */
  enqueue(entryId: string): Promise<string>;
  process(handler: (entryId: string) => Promise<string>, concurrency?: number): void;
}
