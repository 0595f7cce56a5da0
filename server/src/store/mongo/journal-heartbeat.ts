import type { Collection } from 'mongodb';
import { StoreUnitRolledBackError } from '../port.js';
import type { JournalDocument } from './journal-document.js';

/**
 * The owner's side of a unit in flight: refreshes the journal's `heartbeatAt` so recovery in any
 * process can tell it from a crashed unit. Each beat is one update guarded by state, so it never
 * revives a claimed journal, and its answer is how the owner learns of a claim: checked before
 * each write, at no cost per write. Not a read per write: the journal of a large transaction
 * holds every write's undo data, and FerretDB would fetch it whole each time.
 */
export class JournalHeartbeat {
  readonly #timer: NodeJS.Timeout;
  #claimed = false;

  constructor(
    private readonly journal: Collection<JournalDocument>,
    private readonly txn: string,
    everyMs: number,
  ) {
    this.#timer = setInterval(() => void this.#beat(), everyMs).unref();
  }

  /** Throws `StoreUnitRolledBackError` once a beat found the journal claimed by recovery. */
  assertOwned(): void {
    if (this.#claimed) throw new StoreUnitRolledBackError(this.txn);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #beat(): Promise<void> {
    try {
      const beat = await this.journal.updateOne(
        { _id: this.txn, state: 'pending' },
        { $set: { heartbeatAt: new Date() } },
      );
      if (beat.matchedCount === 0) this.#claimed = true;
    } catch {
      // A lost beat (SQLITE_BUSY, a blip) is made up by the next; recovery waits several beats.
    }
  }
}
