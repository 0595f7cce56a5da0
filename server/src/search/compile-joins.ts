import { reach, type Access } from '../auth/access.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { RecordKey, ResourceStore, SearchRequest, StoreFilter } from '../store/port.js';
import { compileSearch } from './compile-search.js';
import type { JoinCriterion, SearchQuery } from './search-query.js';
import type { SearchLimits } from './search-limits.js';

export interface JoinContext {
  store: ResourceStore;
  limits: SearchLimits;
  now: number;
  /** The caller: a chain or `_has` through a type it may not search is refused (403). */
  access?: Access;
}

/**
 * compileSearch with the query's chains and reverse chains resolved: each is searched first on
 * its own type (recursively, for nested ones), and becomes an `$in` over what it found —
 * the referenced `Type/id`s on the reference index (search.html#chaining), or the ids the found
 * resources refer to (search.html#has). An inner search matching more than
 * `limits.joinMaxMatches` resources is refused as too costly rather than scanned without bound.
 */
export async function compileWithJoins(
  query: SearchQuery,
  context: JoinContext,
): Promise<Omit<SearchRequest, 'resourceTypes'>> {
  const compiled = compileSearch(query, context.now);
  if (query.joins.length === 0) return compiled;
  const joins = await Promise.all(query.joins.map((join) => joinFilter(join, query.resourceType, context)));
  return { ...compiled, filter: allOf([compiled.filter, ...joins]) };
}

async function joinFilter(join: JoinCriterion, outerType: string, context: JoinContext): Promise<StoreFilter> {
  if (join.kind === 'list') return { id: { $in: await listItems(join.ids, outerType, context) } };
  if (join.kind === 'chain') {
    const found = await Promise.all(join.targets.map((target) => matchingKeys(join.name, target, context)));
    const keys = found.flat();
    if (keys.length > context.limits.joinMaxMatches) throw tooCostly(join.name, context.limits);
    return { [`idx.${join.code}`]: { $in: keys.map((k) => `${k.resourceType}/${k.id}`) } };
  }
  const prefix = `${outerType}/`;
  const referring = await matchingKeys(join.name, join.query, context, join.code);
  const ids = referring.flatMap((k) =>
    (k.values ?? []).flatMap((v) => (typeof v === 'string' && v.startsWith(prefix) ? [v.slice(prefix.length)] : [])),
  );
  return { id: { $in: [...new Set(ids)] } };
}

/** The ids of the `outerType` items of the Lists (their `item` index: relative `Type/id`). */
async function listItems(ids: string[], outerType: string, context: JoinContext): Promise<string[]> {
  const lists = await Promise.all(ids.map((id) => context.store.read('List', id)));
  const prefix = `${outerType}/`;
  const items = lists.flatMap((list) => (list && !list.deleted && Array.isArray(list.idx.item) ? list.idx.item : []));
  return items.flatMap((v) => (typeof v === 'string' && v.startsWith(prefix) ? [v.slice(prefix.length)] : []));
}

async function matchingKeys(
  name: string,
  query: SearchQuery,
  context: JoinContext,
  field?: string,
): Promise<RecordKey[]> {
  assertSearchable(name, query.resourceType, context.access);
  const { filter } = await compileWithJoins(query, context);
  const keys = await context.store.searchKeys({
    resourceTypes: [query.resourceType],
    filter,
    sort: [['id', 1]],
    limit: context.limits.joinMaxMatches + 1,
    ...(field !== undefined ? { field } : {}),
  });
  if (keys.length > context.limits.joinMaxMatches) throw tooCostly(name, context.limits);
  return keys;
}

/**
 * A chain or `_has` tells match from no match of resources it searches, so searching through a
 * type the caller may not search would leak them: refused (search.html#chaining, #has; SMART
 * scopes). With reach `compartment` the store confines the inner search to the compartment.
 * An untyped chain searches every target type: each one must be granted (or type the chain).
 */
function assertSearchable(name: string, resourceType: string, access: Access | undefined): void {
  if (access === undefined || reach(access, resourceType, 's') !== 'none') return;
  throw OperationOutcomeError.of(
    'forbidden',
    `${name} searches ${resourceType} resources, which this access token may not search`,
    name,
    403,
  );
}

function tooCostly(name: string, limits: SearchLimits): OperationOutcomeError {
  return OperationOutcomeError.of(
    'too-costly',
    `${name} matches more than ${limits.joinMaxMatches} resources; narrow it down`,
    name,
  );
}

/** The conjunction of filters, flattened so the memory store's index sees every term. */
export function allOf(filters: StoreFilter[]): StoreFilter {
  const terms = filters.flatMap((f) => (Array.isArray(f.$and) && Object.keys(f).length === 1 ? f.$and : [f]));
  const kept = terms.filter((t: StoreFilter) => Object.keys(t).length > 0) as StoreFilter[];
  return kept.length === 0 ? {} : kept.length === 1 && kept[0] ? kept[0] : { $and: kept };
}
