import { createHash, randomUUID } from 'node:crypto';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord, StoreFilter, StoreSort } from '../store/port.js';
import { allOf, compileWithJoins, type JoinContext } from './compile-joins.js';
import { readKeys } from './read-keys.js';
import type { SearchQuery } from './search-query.js';

/** What is searched besides the query: the types, and a compartment's condition. */
export interface SearchScope {
  resourceTypes: string[];
  filter?: StoreFilter;
}

export interface SearchPage {
  records: ResourceRecord[];
  total?: number;
  /** Whether a next page follows. */
  more: boolean;
  /** The search set the next and previous links carry; none when paging is by offset. */
  searchSet?: string;
  warnings: string[];
}

/**
 * One page of a search, stable across pages while data is written (http.html#paging): the first
 * page takes a snapshot of the ordered matches (a search set, up to `searchSetMax`) when there is
 * a next page, and later pages read their slice of it and show each resource's current version
 * (deleted ones drop out). The snapshot also gives `_total` for free. Past `searchSetMax`
 * matches, pages are by offset, and say so.
 */
export async function searchPage(
  query: SearchQuery,
  scope: SearchScope,
  context: JoinContext,
  searchSetId?: string,
): Promise<SearchPage> {
  if (searchSetId !== undefined) return searchSetPage(query, scope, context, searchSetId);
  const { filter, sort } = await compiled(query, scope, context);
  if (query.count === 0) {
    const counted = await context.store.search({ ...scope, filter, sort, offset: 0, count: 0, total: true });
    return { records: [], ...totalOf(query, counted.total), more: false, warnings: [] };
  }
  const end = query.offset + query.count;
  const max = context.limits.searchSetMax;
  // One scan for every `_total` mode: looking one past the page first would cost a second scan
  // whenever there is a next page (FerretDB scans the collection either way, measured).
  const found = await context.store.searchKeys({ ...scope, filter, sort, limit: max + 1 });
  const cut = found.length > max;
  const keys = found.slice(0, max).map((k) => `${k.resourceType}/${k.id}`);
  const total = !cut ? keys.length : query.total === 'accurate' ? await count(scope, filter, context) : undefined;
  if (cut && end > keys.length) return offsetPage(query, scope, { filter, sort }, context, total);
  const more = end < keys.length || cut;
  const page: SearchPage = {
    records: await readKeys(context.store, keys.slice(query.offset, end)),
    ...totalOf(query, total),
    more,
    warnings: [],
  };
  if (!more) return page;
  const id = randomUUID();
  const expiresAt = new Date(context.now + context.limits.searchSetTtlMs).toISOString();
  const stored = boundId(id, query, scope);
  await context.store.saveSearchSet({ id: stored, keys, expiresAt, ...(total !== undefined ? { total } : {}) });
  return { ...page, searchSet: id };
}

/** A later page, read from the search set of the first. */
async function searchSetPage(
  query: SearchQuery,
  scope: SearchScope,
  context: JoinContext,
  id: string,
): Promise<SearchPage> {
  const now = new Date(context.now).toISOString();
  const set = await context.store.readSearchSet(boundId(id, query, scope), query.offset, query.count, now);
  if (set === undefined) {
    throw OperationOutcomeError.of(
      'not-found',
      'This search set has expired, never existed or was made for another search: repeat the search from its first page',
      '_searchset',
      410,
    );
  }
  // A set cut at searchSetMax has no total, or one above its size (see searchPage).
  const cut = set.total === undefined || set.total > set.size;
  const end = query.offset + query.count;
  if (cut && end > set.size) return offsetPage(query, scope, await compiled(query, scope, context), context, set.total);
  return {
    records: await readKeys(context.store, set.keys),
    ...totalOf(query, set.total),
    more: end < set.size || cut,
    searchSet: id,
    warnings: [],
  };
}

/**
 * The store keeps a set under a digest of the links' id and the search it was made for (types,
 * compartment, applied parameters but the page's `_offset`/`_count`), so a link replayed on
 * another type or with other parameters finds no set (410) instead of serving its resources.
 */
function boundId(id: string, query: SearchQuery, scope: SearchScope): string {
  const applied = query.applied.filter(([name]) => name !== '_offset' && name !== '_count');
  const search = [id, [...scope.resourceTypes].sort(), scope.filter ?? null, applied];
  return createHash('sha256').update(JSON.stringify(search)).digest('hex');
}

/**
 * Past the snapshot: paging by `_offset`, where writes between pages may shift resources
 * across the page boundary. Said in an informational issue.
 */
async function offsetPage(
  query: SearchQuery,
  scope: SearchScope,
  { filter, sort }: { filter: StoreFilter; sort: StoreSort },
  context: JoinContext,
  total: number | undefined,
): Promise<SearchPage> {
  const found = await context.store.search({
    ...scope,
    filter,
    sort,
    offset: query.offset,
    count: query.count + 1,
    total: false,
  });
  return {
    records: found.records.slice(0, query.count),
    ...totalOf(query, total),
    more: found.records.length > query.count,
    warnings: [
      `Past the first ${context.limits.searchSetMax} matches pages are by offset: resources written meanwhile may shift between pages`,
    ],
  };
}

async function compiled(
  query: SearchQuery,
  scope: SearchScope,
  context: JoinContext,
): Promise<{ filter: StoreFilter; sort: StoreSort }> {
  const { filter, sort } = await compileWithJoins(query, context);
  return { filter: scope.filter === undefined ? filter : allOf([scope.filter, filter]), sort };
}

async function count(scope: SearchScope, filter: StoreFilter, context: JoinContext): Promise<number | undefined> {
  const counted = await context.store.search({ ...scope, filter, sort: [], offset: 0, count: 0, total: true });
  return counted.total;
}

function totalOf(query: SearchQuery, total: number | undefined): { total?: number } {
  return query.total === 'none' || total === undefined ? {} : { total };
}
