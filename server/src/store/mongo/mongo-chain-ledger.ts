import type { Collection, Db } from 'mongodb';
import type { ChainLedger, ChainLink } from '../chain-ledger.js';
import { isDuplicateKeyError } from './duplicate-key.js';

interface LinkDocument extends Omit<ChainLink, 'sequence'> {
  _id: number;
}

/**
 * The chain ledger in the `_audit_chain` collection, `_id` = the link's first sequence number:
 * claiming is an `insertOne`, which FerretDB 1.24 and MongoDB both refuse with E11000 when the
 * key exists, so it is atomic across processes without transactions or conditional updates.
 */
export class MongoChainLedger implements ChainLedger {
  readonly #links: Collection<LinkDocument>;

  constructor(db: Db) {
    this.#links = db.collection<LinkDocument>('_audit_chain');
  }

  async claim(link: ChainLink): Promise<boolean> {
    const { sequence, ...rest } = link;
    try {
      await this.#links.insertOne({ _id: sequence, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async read(sequence: number): Promise<ChainLink | undefined> {
    return toLink(await this.#links.findOne({ _id: sequence }));
  }

  /** A sort on `_id`: once per process start and once per verification, not per write. */
  async last(): Promise<ChainLink | undefined> {
    return toLink(await this.#links.find().sort({ _id: -1 }).limit(1).next());
  }

  async next(sequence: number): Promise<ChainLink | undefined> {
    return toLink(
      await this.#links
        .find({ _id: { $gt: sequence } })
        .sort({ _id: 1 })
        .limit(1)
        .next(),
    );
  }

  async range(from: number, to: number): Promise<ChainLink[]> {
    const [containing, rest] = await Promise.all([
      this.#links
        .find({ _id: { $lte: from } })
        .sort({ _id: -1 })
        .limit(1)
        .next(),
      this.#links
        .find({ _id: { $gt: from, $lt: to } })
        .sort({ _id: 1 })
        .toArray(),
    ]);
    const first = toLink(containing);
    const reaches = first !== undefined && first.sequence + first.events.length > from;
    return [...(reaches ? [first] : []), ...rest.map((doc) => toLink(doc) as ChainLink)];
  }

  /** Only the claimer writes it, after its own unit failed: no race to guard against. */
  async void(sequence: number, reason: string): Promise<void> {
    await this.#links.updateOne({ _id: sequence }, { $set: { voided: reason, voidedAt: new Date().toISOString() } });
  }
}

function toLink(doc: LinkDocument | null): ChainLink | undefined {
  if (doc === null) return undefined;
  const { _id, ...rest } = doc;
  return { sequence: _id, ...rest };
}
