import { OperationOutcomeError } from '../errors/outcome-error.js';
import { parseMultiTypeSearch } from '../search/parse-multi-type-search.js';
import { withoutSearchSet } from './bundle-links.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import { localQueryRelative } from './local-references.js';
import { searchBundle } from './search-bundle.js';

const TYPE_PARAM = '_type';

/**
 * System search: GET [base]?params and POST [base]/_search (http://hl7.org/fhir/R4/http.html#search),
 * over the types `_type` lists (search.html#type; repeated `_type` parameters intersect), else
 * over every type. With several types only the parameters defined for all resources apply
 * (see parseMultiTypeSearch).
 */
export const searchSystem: InteractionHandler = async (request, context) => {
  const params = localQueryRelative(withoutSearchSet(request.query), context.baseUrl);
  const types = typesOf(params, context);
  const query = parseMultiTypeSearch(
    types,
    params.filter(([name]) => name !== TYPE_PARAM),
    context.registry,
  );
  const typeParams = params.filter(([name, value]) => name === TYPE_PARAM && value !== '');
  query.applied = [...typeParams, ...query.applied];
  return searchBundle(request, context, {
    query,
    scope: { resourceTypes: types },
    linkBase: context.baseUrl,
    unknown: [...new Set(query.unknownParams)],
  });
};

function typesOf(params: Array<[string, string]>, context: EngineContext): string[] {
  let types = [...context.validator.resourceTypes].sort();
  for (const [name, value] of params) {
    if (name !== TYPE_PARAM || value === '') continue;
    const listed = value.split(',').filter((type) => type !== '');
    const unknown = listed.find((type) => !context.validator.isResourceType(type));
    if (unknown !== undefined) {
      throw OperationOutcomeError.of('invalid', `_type: unknown resource type ${unknown}`, TYPE_PARAM);
    }
    types = types.filter((type) => listed.includes(type));
  }
  return types;
}
