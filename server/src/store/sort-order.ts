import type { StoreSort } from './port.js';
import type { StoredDocument } from './stored-document.js';

/**
 * MongoDB's sort order, in process: the memory store sorts with it, and the mongo store merges
 * the pages it reads from several collections with it. (mingo's own sort differs from MongoDB on
 * arrays sorted descending, which the contract suite would catch.)
 * https://www.mongodb.com/docs/manual/reference/method/cursor.sort/#ascending-descending-sort
 */

/** A stored document and the collection (resource type) it came from. */
export interface TypedDocument {
  resourceType: string;
  doc: StoredDocument;
}

/** The caller's sort with `_id` appended, so equal keys still come out in one stable order. */
export function withIdTiebreaker(sort: StoreSort): StoreSort {
  return sort.some(([field]) => field === '_id') ? sort : [...sort, ['_id', 1]];
}

/** Sorts (a copy of) `items` by `sort`, then `_id`, then resource type. */
export function sortTypedDocuments(items: TypedDocument[], sort: StoreSort): TypedDocument[] {
  const keys = withIdTiebreaker(sort);
  const keyed = items.map((item) => ({ item, values: keys.map(([field, dir]) => sortKey(item.doc, field, dir)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(a.values[i], b.values[i]) * (keys[i]?.[1] ?? 1);
      if (order !== 0) return order;
    }
    return a.item.resourceType < b.item.resourceType ? -1 : a.item.resourceType > b.item.resourceType ? 1 : 0;
  });
  return keyed.map(({ item }) => item);
}

/** An array contributes its least element ascending and its greatest descending. */
function sortKey(doc: StoredDocument, field: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, field.split('.'));
  let key: unknown = undefined;
  for (const value of values) {
    if (key === undefined || compareValues(value, key) * direction < 0) key = value;
  }
  return key;
}

/** Dotted-path lookup that, like MongoDB, descends into every element of an array on the way. */
function valuesAtPath(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => valuesAtPath(element, path));
  const [head, ...rest] = path;
  if (head === undefined) return [value];
  if (value === null || typeof value !== 'object') return [];
  return valuesAtPath((value as Record<string, unknown>)[head], rest);
}

/** BSON comparison order: null < numbers < strings < objects < booleans. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (typeof value === 'boolean') return 5;
  return 3;
}

function compareValues(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  // Objects as sort keys are not a FHIR search shape; a deterministic order is all that matters.
  const [x, y] = [JSON.stringify(a) ?? '', JSON.stringify(b) ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}
