import type { ResourceRecord, ResourceStore } from '../store/port.js';

/**
 * The current versions of `Type/id` keys, in the order of the keys; deleted and unknown ones
 * are left out. One `_id $in` search per resource type (indexed on every backend, FerretDB included).
 */
export async function readKeys(store: ResourceStore, keys: string[]): Promise<ResourceRecord[]> {
  const byType = new Map<string, string[]>();
  for (const key of keys) {
    const slash = key.indexOf('/');
    const type = key.slice(0, slash);
    byType.set(type, [...(byType.get(type) ?? []), key.slice(slash + 1)]);
  }
  const found = await Promise.all(
    [...byType].map(([type, ids]) =>
      store.search({
        resourceTypes: [type],
        filter: { _id: { $in: [...new Set(ids)] } },
        sort: [['id', 1]],
        offset: 0,
        count: ids.length,
        total: false,
      }),
    ),
  );
  const records = new Map(found.flatMap((r) => r.records).map((r) => [`${r.resourceType}/${r.id}`, r]));
  return keys.flatMap((key) => records.get(key) ?? []);
}
