import type { SearchRequest, StoreSort } from '../store/port.js';
import { compileCriterion } from './compile-criterion.js';
import type { SearchQuery, SearchSortKey } from './search-query.js';

/**
 * Turns a parsed query into the store's search request (everything but the resource types):
 * criteria AND-ed into one filter over `id`, `lastUpdated` and `idx.*`, the sort with `id` as the
 * last key so pages are stable, and the paging and total settings.
 */
export function compileSearch(query: SearchQuery, now: number = Date.now()): Omit<SearchRequest, 'resourceTypes'> {
  const conditions = query.criteria.map((c) => compileCriterion(c, now));
  const filter =
    conditions.length === 0 ? {} : conditions.length === 1 && conditions[0] ? conditions[0] : { $and: conditions };
  const sort: StoreSort = query.sort.map((k) => [sortField(k), k.direction]);
  if (!sort.some(([field]) => field === 'id')) sort.push(['id', 1]);
  return { filter, sort, offset: query.offset, count: query.count, total: query.total !== 'none' };
}

/**
 * Sorting on a repeating value uses the engine's array rule (ascending on the smallest,
 * descending on the largest element); dates sort by the start of their range, quantities by value.
 */
function sortField(key: SearchSortKey): string {
  if (key.target !== 'idx') return key.target;
  if (key.type === 'date') return `idx.${key.code}.lo`;
  if (key.type === 'quantity') return `idx.${key.code}.v`;
  return `idx.${key.code}`;
}
