import { StoreConflictError } from '../port.js';
import type { MongoCollections } from './collections.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import type { UniqueKeyDocument } from './unique-key-document.js';

/** Bounded: each retry means another unit released or took the key in the meantime. */
const ATTEMPTS = 3;

/**
 * Claims `key` for resource `resourceType/id` within unit `txn`. The `_id` unique index makes
 * the insert atomic, so only one of any number of concurrent claimers wins. A key already held
 * is taken over only when its owner's unit is finished (no journal) and the owner is gone or
 * deleted or is the `staleHolder` the engine found no longer matching; the takeover is
 * guarded by the previous holder's txn, so two takers cannot both win.
 */
export async function claimUniqueKey(
  collections: MongoCollections,
  key: string,
  owner: { resourceType: string; id: string },
  txn: string,
  staleHolder?: string,
): Promise<void> {
  const { uniqueKeys } = collections;
  let holder: UniqueKeyDocument | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      await uniqueKeys.insertOne({ _id: key, ...owner, txn });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    holder = await uniqueKeys.findOne({ _id: key });
    if (holder === null) continue;
    // An unfinished unit holds its key, and is not named as the holder: the engine's search may
    // not have seen its resource yet, so only a search after it finished can judge it stale.
    if (await isInFlight(collections, holder))
      throw new StoreConflictError('unique', owner.resourceType, owner.id, key);
    if (holder.id !== staleHolder && (await isLive(collections, holder))) break;
    const taken = await uniqueKeys.findOneAndUpdate({ _id: key, txn: holder.txn }, { $set: { ...owner, txn } });
    if (taken !== null) return;
  }
  throw new StoreConflictError('unique', owner.resourceType, owner.id, key, holder?.id);
}

/** Still journalled: the owner is being created right now (or its crash awaits recovery). */
async function isInFlight(collections: MongoCollections, holder: UniqueKeyDocument): Promise<boolean> {
  return (await collections.journal.countDocuments({ _id: holder.txn }, { limit: 1 })) > 0;
}

async function isLive(collections: MongoCollections, holder: UniqueKeyDocument): Promise<boolean> {
  const owner = await collections
    .current(holder.resourceType)
    .findOne({ _id: holder.id }, { projection: { deleted: 1 } });
  return owner !== null && !owner.deleted;
}
