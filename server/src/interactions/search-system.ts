import { withoutSearchSet } from './bundle-links.js';
import type { InteractionHandler } from './engine-context.js';
import { localQueryRelative } from './local-references.js';
import { searchBundle } from './search-bundle.js';
import { multiTypeSearchRun } from './search-types.js';

/**
 * System search: GET [base]?params and POST [base]/_search (http://hl7.org/fhir/R4/http.html#search),
 * over the types `_type` lists, else over every type. With several types only the parameter codes
 * every one of them defines apply (see parseMultiTypeSearch).
 */
export const searchSystem: InteractionHandler = async (request, context) => {
  const params = localQueryRelative(withoutSearchSet(request.query), context.baseUrl);
  const types = [...context.validator.resourceTypes].sort();
  return searchBundle(request, context, multiTypeSearchRun(params, types, context, { linkBase: context.baseUrl }));
};
