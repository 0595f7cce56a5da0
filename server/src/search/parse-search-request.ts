import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { applyResultParam, DEFAULT_COUNT } from './parse-result-params.js';
import { parseSearchValues } from './parse-search-value.js';
import type { SearchQuery, SearchTarget } from './search-query.js';

/** Parameters on the record itself rather than in `idx` (http://hl7.org/fhir/R4/search.html#all). */
const RECORD_TARGETS: Record<string, SearchTarget> = { _id: 'id', _lastUpdated: 'lastUpdated' };

/**
 * Parses `[type]?params` into a SearchQuery, pure (http://hl7.org/fhir/R4/search.html):
 * comma-separated values are OR-ed, repeated parameters AND-ed; empty values are ignored.
 * Bad values throw OperationOutcomeError (invalid, 400); unknown or unsupported parameter names
 * (chains, `_has`, composite/special, `_text`…) are collected in `unknownParams`, for the
 * interaction to apply `Prefer: handling=strict|lenient`.
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
    include: [],
    revinclude: [],
    unknownParams: [],
    warnings: [],
  };
  for (const [name, value] of params) {
    if (applyResultParam(query, name, value, registry)) continue;
    const [code = '', modifier, ...extra] = name.split(':');
    const param = registry.get(resourceType, code);
    const supported =
      param && param.type !== 'composite' && param.type !== 'special' && (param.expression || RECORD_TARGETS[code]);
    if (!param || !supported || extra.length > 0 || name.includes('.')) {
      query.unknownParams.push(name);
      continue;
    }
    if (value === '') continue;
    const { negate, values } = parseSearchValues(param, modifier, value);
    if (values.length === 0) continue;
    query.criteria.push({ code, type: param.type, target: RECORD_TARGETS[code] ?? 'idx', negate, values });
  }
  return query;
}
