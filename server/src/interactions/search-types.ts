import { reach } from '../auth/access.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { parseMultiTypeSearch } from '../search/parse-multi-type-search.js';
import type { StoreFilter } from '../store/port.js';
import type { EngineContext } from './engine-context.js';
import type { SearchRun } from './search-bundle.js';

const TYPE_PARAM = '_type';

/**
 * A search over several types (system search, a compartment's `*`, $everything): `candidates`
 * narrowed to the types the caller may search, then by each `_type` parameter (search.html#type;
 * comma values OR-ed, repeated parameters intersected; an unknown type is a 400, one the caller
 * may not search a 403), the other parameters parsed for those types, and `_type` kept in the
 * links.
 */
export function multiTypeSearchRun(
  params: Array<[string, string]>,
  candidates: string[],
  context: EngineContext,
  place: { linkBase: string; filter?: StoreFilter },
): SearchRun {
  const typeParams = params.filter(([name, value]) => name === TYPE_PARAM && value !== '');
  const searchable = (type: string) => context.access === undefined || reach(context.access, type, 's') !== 'none';
  let types = candidates.filter(searchable);
  for (const [, value] of typeParams) {
    const listed = value.split(',').filter((type) => type !== '');
    const unknown = listed.find((type) => !context.validator.isResourceType(type));
    if (unknown !== undefined) {
      throw OperationOutcomeError.of('invalid', `_type: unknown resource type ${unknown}`, TYPE_PARAM);
    }
    const forbidden = listed.find((type) => !searchable(type));
    if (forbidden !== undefined) {
      throw OperationOutcomeError.of(
        'forbidden',
        `_type: this access token may not search ${forbidden}`,
        TYPE_PARAM,
        403,
      );
    }
    types = types.filter((type) => listed.includes(type));
  }
  const query = parseMultiTypeSearch(
    types,
    params.filter(([name]) => name !== TYPE_PARAM),
    context.registry,
  );
  query.applied = [...typeParams, ...query.applied];
  return {
    query,
    scope: place.filter === undefined ? { resourceTypes: types } : { resourceTypes: types, filter: place.filter },
    linkBase: place.linkBase,
    unknown: [...new Set(query.unknownParams)],
  };
}
