import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { applyResultParam, checkResultShape, DEFAULT_COUNT, isResultParam } from './parse-result-params.js';
import { parseSearchValues } from './parse-search-value.js';
import type { SearchQuery } from './search-query.js';
import { isSupportedSearchParameter, searchTarget } from './supported-parameter.js';

/**
 * Parses `[type]?params` into a SearchQuery, pure (http://hl7.org/fhir/R4/search.html):
 * comma-separated values are OR-ed, repeated parameters AND-ed; empty values are ignored.
 * Bad values throw OperationOutcomeError (invalid, 400); unknown or unsupported parameter names
 * (chains, `_has`, `_include`, composite/special, `_text`…) are collected in `unknownParams`, for
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
    // `name[:modifier]`; a second colon (`_has:…`) or a dot (chains, search.html#chaining) is
    // something this server does not do yet.
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
