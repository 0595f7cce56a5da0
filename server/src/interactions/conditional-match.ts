import { OperationOutcomeError } from '../errors/outcome-error.js';
import { compileWithJoins } from '../search/compile-joins.js';
import { parseSearchRequest } from '../search/parse-search-request.js';
import type { ResourceRecord } from '../store/port.js';
import type { EngineContext } from './engine-context.js';
import { joinContextOf } from './join-context.js';
import { localQueryRelative } from './local-references.js';

/** The parameters of a condition (`identifier=sys|1&active=true`), in order. */
export function parseCondition(condition: string): Array<[string, string]> {
  const query = condition.startsWith('?') ? condition.slice(1) : condition;
  return [...new URLSearchParams(query).entries()];
}

/**
 * Resources matching a condition (If-None-Exist, conditional update/delete, conditional
 * references), at most `limit`: most callers only need to tell 0, 1 and "many" apart
 * (http.html#ccreate); a conditional delete takes up to its bound plus one. Chains and `_has`
 * work as in a search. Unknown parameters are an error here, never ignored: a condition that
 * silently dropped a criterion would match the wrong resource.
 */
export async function findConditionalMatches(
  context: EngineContext,
  resourceType: string,
  params: Array<[string, string]>,
  expression: string,
  limit = 2,
): Promise<ResourceRecord[]> {
  if (params.length === 0) {
    throw OperationOutcomeError.of('invalid', 'A condition needs at least one search parameter', expression);
  }
  const query = parseSearchRequest(resourceType, localQueryRelative(params, context.baseUrl), context.registry);
  if (query.unknownParams.length > 0) {
    throw OperationOutcomeError.of(
      'invalid',
      `Unknown search parameter in condition: ${query.unknownParams.join(', ')}`,
      expression,
    );
  }
  if (query.criteria.length === 0 && query.joins.length === 0) {
    // `_count=1` or `_sort=x` alone select nothing, so they would match every resource.
    throw OperationOutcomeError.of(
      'invalid',
      'A condition needs a search criterion, not only result parameters',
      expression,
    );
  }
  // Chains and _has are resolved as in a search (search.html#chaining, #has).
  const compiled = await compileWithJoins(query, joinContextOf(context));
  const found = await context.store.search({
    resourceTypes: [resourceType],
    filter: compiled.filter,
    sort: [],
    offset: 0,
    count: limit,
    total: false,
  });
  return found.records;
}

/**
 * A canonical key for a condition, so that two concurrent identical conditional creates claim
 * the same key in the store and only one can win, whatever order the client wrote the
 * parameters in.
 */
export function conditionKey(resourceType: string, params: Array<[string, string]>): string {
  const sorted = [...params].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${resourceType}?${new URLSearchParams(sorted).toString()}`;
}

/**
 * If-None-Exist (http.html#ccreate), for HTTP and Bundle entries alike: the one match, or the
 * condition's key to claim when there is none; several matches are a 412.
 */
export async function resolveIfNoneExist(
  context: EngineContext,
  resourceType: string,
  ifNoneExist: string,
  expression: string,
): Promise<{ match: ResourceRecord } | { uniqueKey: string }> {
  const params = parseCondition(ifNoneExist);
  const [match, ...more] = await findConditionalMatches(context, resourceType, params, expression);
  if (more.length > 0) {
    throw OperationOutcomeError.of('multiple-matches', 'The condition matches more than one resource', expression, 412);
  }
  return match ? { match } : { uniqueKey: conditionKey(resourceType, params) };
}
