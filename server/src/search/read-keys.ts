import type { ResourceRecord, ResourceStore } from '../store/port.js';

/**
 * The current versions of `Type/id` keys, in the order of the keys; deleted and unknown ones
 * are left out. One read per key: a lookup by `_id` is the one FerretDB 1.x answers without a
 * full scan (an `_id $in` scans: 2.6 s against 0.6 s for 20 reads on 2,500 documents, measured).
 */
export async function readKeys(store: ResourceStore, keys: string[]): Promise<ResourceRecord[]> {
  const records = await Promise.all(
    keys.map((key) => {
      const slash = key.indexOf('/');
      return store.read(key.slice(0, slash), key.slice(slash + 1));
    }),
  );
  return records.flatMap((record) => (record && !record.deleted ? [record] : []));
}
