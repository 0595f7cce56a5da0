import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';

interface SeqDocument {
  _id: number;
}

const ATTEMPTS = 20;

/**
 * Arrival numbers for the inbox, increasing and never handed out twice. Each number is taken by
 * inserting a document whose `_id` is that number: on FerretDB 1.24 an `_id` insert is the one
 * write that is atomic under concurrency — a counter's `findOneAndUpdate` `$inc` is not (measured:
 * 50 concurrent increments returned 16 distinct values and left the counter at 8). Callers in one
 * process take numbers from a local hint without colliding; another process's numbers make the
 * insert fail, and the next candidate is past the highest taken.
 */
export class InboxSequence {
  #next = 1;

  constructor(private readonly seqs: Collection<SeqDocument>) {}

  async init(): Promise<void> {
    this.#next = (await this.#highest()) + 1;
  }

  async next(): Promise<number> {
    let candidate = this.#next++;
    for (let attempt = 1; ; attempt++) {
      try {
        await retriedWhenBusy(() => this.seqs.insertOne({ _id: candidate }));
        return candidate;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt === ATTEMPTS) throw error;
      }
      candidate = Math.max(candidate, await this.#highest()) + 1;
      this.#next = Math.max(this.#next, candidate + 1);
    }
  }

  async #highest(): Promise<number> {
    const [top] = await this.seqs.find({}).sort({ _id: -1 }).limit(1).toArray();
    return top?._id ?? 0;
  }
}
