import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';

interface LeaseDocument {
  /** `<entry id>#<generation, 9 digits>`: sortable, so an entry's generations are one `_id` range. */
  _id: string;
  worker: string;
  /** Epoch milliseconds. */
  until: number;
}

/** Claimers racing past abandoned generations before one gives up for now (it is asked again). */
const ROUNDS = 5;
const leaseId = (entryId: string, generation: number): string => `${entryId}#${String(generation).padStart(9, '0')}`;

/**
 * Who holds an inbox entry. FerretDB 1.24 evaluates an update's filter and applies the update in
 * two steps, so a conditional `findOneAndUpdate` lets several claimers win at once (measured: up
 * to 19 of 20). A lease is therefore an insert: generation g of entry e is the document `e#g`,
 * and of any number of writers of one generation exactly one inserts it. Every change of hands is
 * such an insert: a claim, a renewal by the holder, and the holder's settling (release/complete)
 * take the next generation, so a holder that was overtaken finds its next generation taken and
 * writes nothing (review finding 8). A claimer that crashed after its insert leaves a generation
 * whose lease runs out; the next claimer moves past it to the highest one (review finding 9).
 */
export class InboxLeases {
  constructor(private readonly leases: Collection<LeaseDocument>) {}

  /**
   * Takes the first free generation from `from` on; the generation taken, or undefined while a
   * live lease holds the entry.
   */
  async take(entryId: string, from: number, worker: string, until: number, now: number): Promise<number | undefined> {
    let generation = from;
    for (let round = 0; round < ROUNDS; round++) {
      if (await this.next(entryId, generation - 1, worker, until)) return generation;
      const latest = await this.#latest(entryId);
      if (latest === undefined || latest.until > now) return undefined;
      generation = latest.generation + 1;
    }
    return undefined;
  }

  /** Takes generation `held + 1` for `worker` until `until`: false when someone else took it first. */
  async next(entryId: string, held: number, worker: string, until: number): Promise<boolean> {
    try {
      await retriedWhenBusy(() => this.leases.insertOne({ _id: leaseId(entryId, held + 1), worker, until }));
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  }

  /** The highest generation taken of an entry (0 when none). */
  async highest(entryId: string): Promise<number> {
    return (await this.#latest(entryId))?.generation ?? 0;
  }

  async #latest(entryId: string): Promise<{ generation: number; until: number } | undefined> {
    const range = { _id: { $gt: `${entryId}#`, $lt: `${entryId}#~` } };
    const [top] = await this.leases.find(range).sort({ _id: -1 }).limit(1).toArray();
    return top === undefined ? undefined : { generation: Number(top._id.slice(entryId.length + 1)), until: top.until };
  }
}
