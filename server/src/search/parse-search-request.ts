import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { applyResultParam, checkResultShape, DEFAULT_COUNT, isResultParam } from './parse-result-params.js';
import { parseInclude, isIncludeParam } from './parse-include.js';
import { isJoinParameter, parseJoin } from './parse-join.js';
import { parseSearchValues } from './parse-search-value.js';
import type { SearchQuery } from './search-query.js';
import { isSupportedSearchParameter, searchTarget } from './supported-parameter.js';

/**
 * Parses `[type]?params` into a SearchQuery, pure (http://hl7.org/fhir/R4/search.html):
 * comma-separated values are OR-ed, repeated parameters AND-ed; empty values are ignored.
 * Chains and `_has` become `joins` (parse-join.ts), `_include`/`_revinclude` `include`.
 * Bad values throw OperationOutcomeError (invalid, 400); unknown or unsupported parameter names
 * (composite/special, `_text`…) are collected in `unknownParams`, for
 * the interaction to apply `Prefer: handling=strict|lenient`. What did apply is in `applied`.
 */
export function parseSearchRequest(
  resourceType: string,
  params: Array<[string, string]>,
  registry: SearchParameterRegistry,
): SearchQuery {
  const query: SearchQuery = {
    resourceType,
    criteria: [],
    joins: [],
    include: [],
    sort: [],
    count: DEFAULT_COUNT,
    offset: 0,
    total: 'accurate',
    applied: [],
    unknownParams: [],
    warnings: [],
  };
  for (const [name, value] of params) {
    if (isResultParam(name)) {
      if (value === '') continue;
      applyResultParam(query, name, value, registry);
      // A repeated result parameter replaces the earlier one, so only the last shows in links.
      query.applied = [...query.applied.filter(([n]) => n !== name), [name, value]];
      continue;
    }
    if (value !== '' && isIncludeParam(name)) {
      query.include.push(parseInclude(name, value, registry));
      query.applied.push([name, value]);
      continue;
    }
    if (value !== '' && isJoinParameter(name)) {
      const join = parseJoin(resourceType, name, value, registry, parseSearchRequest);
      if (join) {
        query.joins.push(join);
        query.applied.push([name, value]);
      } else query.unknownParams.push(name);
      continue;
    }
    // `name[:modifier]`; any other second colon is not a parameter this server knows.
    const [code = '', modifier, ...extra] = name.split(':');
    const param = registry.get(resourceType, code);
    if (!param || !isSupportedSearchParameter(param) || extra.length > 0 || name.includes('.')) {
      query.unknownParams.push(name);
      continue;
    }
    if (value === '') continue;
    const { negate, values } = parseSearchValues(param, modifier, value);
    if (values.length === 0) continue;
    query.criteria.push({ code, type: param.type, target: searchTarget(code), negate, values });
    query.applied.push([name, value]);
  }
  checkResultShape(query);
  return query;
}
