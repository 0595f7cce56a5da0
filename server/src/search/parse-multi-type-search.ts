import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { isIncludeParam } from './parse-include.js';
import { isResultParam } from './parse-result-params.js';
import { isJoinParameter } from './parse-join.js';
import { parseSearchRequest } from './parse-search-request.js';
import type { SearchQuery } from './search-query.js';

/**
 * A search over several types at once — system search with or without `_type`, a compartment's
 * `*` (http://hl7.org/fhir/R4/search.html#all): one type is parsed like a type search; several
 * take the result parameters and every parameter code that each listed type defines with the same
 * type (`_id`, `_tag`…, and `family` for Patient and Practitioner): the idx key is the code, so one
 * filter serves every collection. Others — codes some type lacks, chains, `_has`, `_list` — are
 * unknown here, for `Prefer: handling`.
 */
export function parseMultiTypeSearch(
  types: string[],
  params: Array<[string, string]>,
  registry: SearchParameterRegistry,
): SearchQuery {
  const [first = 'Resource', ...others] = types;
  if (others.length === 0) return parseSearchRequest(first, params, registry);
  const common = params.filter(([name]) => isForAllTypes(types, name, registry));
  const query = parseSearchRequest(first, common, registry);
  query.unknownParams.push(...params.filter((p) => !common.includes(p)).map(([name]) => name));
  return query;
}

function isForAllTypes(types: string[], name: string, registry: SearchParameterRegistry): boolean {
  if (isResultParam(name) || isIncludeParam(name)) return true;
  if (isJoinParameter(name)) return false;
  const [code = ''] = name.split(':');
  const [first, ...others] = types.map((type) => registry.get(type, code)?.type);
  return first !== undefined && others.every((type) => type === first);
}
