import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { SearchSet, SearchSetPage } from '../port.js';

/** Without a TTL index, expired sets are swept on save, at most this often per process. */
const SWEEP_EVERY_MS = 60_000;

/** Keys per document: 1 000 `Type/id` keys are at most ~70 kB, far below MongoDB's 16 MB. */
const CHUNK = 1000;

interface SearchSetChunk {
  /** `<set id>/<chunk number>`: every read is by `_id`, the one lookup FerretDB 1.x indexes. */
  _id: string;
  keys: string[];
  /** The size of the whole set, on every chunk. */
  size: number;
  total?: number;
  /** A Date, for the TTL index; reads also check it, as TTL deletion runs only now and then. */
  expiresAt: Date;
}

/**
 * Search sets in the `_searchsets` collection (see SearchSet in port.ts), shared by every server
 * process on the database. A set is cut into chunks of CHUNK keys, one document each. Expired
 * sets go by the TTL index where the server has one, else by a sweep on save.
 */
export class MongoSearchSets {
  readonly #chunks: Collection<SearchSetChunk>;
  /** False on FerretDB 1.x, which has no TTL indexes ("expireAfterSeconds is not implemented yet"). */
  #ttl = false;
  #lastSweep = 0;

  constructor(db: Db) {
    this.#chunks = db.collection<SearchSetChunk>('_searchsets');
  }

  async ensureIndex(): Promise<void> {
    try {
      await this.#chunks.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      this.#ttl = true;
    } catch (error) {
      if (!(error instanceof MongoServerError && /not implemented/i.test(error.message))) throw error;
    }
  }

  async save(set: SearchSet): Promise<void> {
    await this.#sweep();
    const expiresAt = new Date(set.expiresAt);
    const chunks: SearchSetChunk[] = [];
    for (let start = 0; start === 0 || start < set.keys.length; start += CHUNK) {
      const keys = set.keys.slice(start, start + CHUNK);
      const chunk: SearchSetChunk = { _id: `${set.id}/${start / CHUNK}`, keys, size: set.keys.length, expiresAt };
      if (set.total !== undefined) chunk.total = set.total;
      chunks.push(chunk);
    }
    await this.#chunks.insertMany(chunks, { ordered: true });
  }

  async #sweep(): Promise<void> {
    if (this.#ttl || Date.now() - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = Date.now();
    await this.#chunks.deleteMany({ expiresAt: { $lte: new Date() } });
  }

  async read(id: string, offset: number, count: number, now: string): Promise<SearchSetPage | undefined> {
    const first = Math.floor(offset / CHUNK);
    const last = Math.max(first, Math.floor((offset + Math.max(count, 1) - 1) / CHUNK));
    const ids = Array.from({ length: last - first + 1 }, (_, i) => `${id}/${first + i}`);
    const chunks = await this.#chunks.find({ _id: { $in: ids } }).toArray();
    const head = chunks.find((c) => c._id === ids[0]) ?? (await this.#chunks.findOne({ _id: `${id}/0` }));
    if (head === null || head === undefined || head.expiresAt.getTime() <= Date.parse(now)) return undefined;
    const keys = ids.flatMap((chunkId) => chunks.find((c) => c._id === chunkId)?.keys ?? []);
    const skip = offset - first * CHUNK;
    const page = { keys: keys.slice(skip, skip + count), size: head.size };
    return head.total === undefined ? page : { ...page, total: head.total };
  }
}
