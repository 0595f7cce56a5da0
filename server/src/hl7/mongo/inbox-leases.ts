import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from './busy-retry.js';

interface LeaseDocument {
  /** `<entry id>#<generation>` */
  _id: string;
  worker: string;
  /** Epoch milliseconds. */
  until: number;
}

/** Generations tried past an abandoned one before giving up (each is a crashed claimer). */
const GENERATIONS = 10;

/**
 * Who holds an inbox entry. FerretDB 1.24 evaluates an update's filter and applies the update in
 * two steps, so a conditional `findOneAndUpdate` lets several claimers win at once (measured: up
 * to 19 of 20). A lease is therefore an insert: generation g of entry e is the document `e#g`,
 * and of any number of claimers of one generation exactly one inserts it. A claimer that crashed
 * after its insert leaves a generation whose lease runs out; the next claimer moves past it.
 */
export class InboxLeases {
  constructor(private readonly leases: Collection<LeaseDocument>) {}

  /**
   * Takes the first free generation from `from` on; the generation taken, or undefined while a
   * live lease holds the entry.
   */
  async take(entryId: string, from: number, worker: string, until: number, now: number): Promise<number | undefined> {
    for (let generation = from; generation < from + GENERATIONS; generation++) {
      const _id = `${entryId}#${generation}`;
      try {
        await retriedWhenBusy(() => this.leases.insertOne({ _id, worker, until }));
        return generation;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.leases.findOne({ _id });
      if (held === null || held.until > now) return undefined;
    }
    return undefined;
  }
}
