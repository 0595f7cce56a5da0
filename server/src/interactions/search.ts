import { parseSearchRequest } from '../search/parse-search-request.js';
import { resolveStoredValueSets } from '../search/stored-value-sets.js';
import { withoutSearchSet } from './bundle-links.js';
import type { InteractionHandler } from './engine-context.js';
import { localQueryRelative } from './local-references.js';
import { assertKnownType } from './resource-body.js';
import { searchBundle } from './search-bundle.js';

/**
 * search: GET [base]/[type]?params and POST [base]/[type]/_search (http.html#search); a form
 * body of the POST is merged with the query by the HTTP layer.
 */
export const searchType: InteractionHandler = async (request, context) => {
  const type = assertKnownType(request.resourceType, context);
  const params = localQueryRelative(withoutSearchSet(request.query), context.baseUrl);
  const query = parseSearchRequest(type, params, context.registry);
  await resolveStoredValueSets(query, context.store);
  return searchBundle(request, context, {
    query,
    scope: { resourceTypes: [type] },
    linkBase: `${context.baseUrl}/${type}`,
    unknown: [...new Set(query.unknownParams)],
  });
};
