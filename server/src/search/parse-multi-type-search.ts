import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { isIncludeParam } from './parse-include.js';
import { isResultParam } from './parse-result-params.js';
import { parseSearchRequest } from './parse-search-request.js';
import type { SearchQuery } from './search-query.js';

/** Where the parameters defined for every resource are declared (search.html#all). */
const ALL_RESOURCES = ['Resource', 'DomainResource'];

/**
 * A search over several types at once — system search with or without `_type`, a compartment's
 * `*` (http://hl7.org/fhir/R4/search.html#all): one type is parsed like a type search; several
 * take the parameters defined for all resources (`_id`, `_lastUpdated`, `_tag`, `_profile`,
 * `_security`, `_source`…) and the result parameters. Others — type-specific ones, chains,
 * `_has`, `_list` — mean different things per type and are unknown here, for `Prefer: handling`.
 */
export function parseMultiTypeSearch(
  types: string[],
  params: Array<[string, string]>,
  registry: SearchParameterRegistry,
): SearchQuery {
  const [first = 'Resource', ...others] = types;
  if (others.length === 0) return parseSearchRequest(first, params, registry);
  const common = params.filter(([name]) => isForAllTypes(first, name, registry));
  const query = parseSearchRequest(first, common, registry);
  query.unknownParams.push(...params.filter((p) => !common.includes(p)).map(([name]) => name));
  return query;
}

function isForAllTypes(type: string, name: string, registry: SearchParameterRegistry): boolean {
  if (isResultParam(name) || isIncludeParam(name)) return true;
  if (name.includes('.')) return false;
  const [code = ''] = name.split(':');
  return (registry.get(type, code)?.base ?? []).some((base) => ALL_RESOURCES.includes(base));
}
