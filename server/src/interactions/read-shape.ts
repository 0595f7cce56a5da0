import { parseSearchRequest } from '../search/parse-search-request.js';
import { subsetResource } from '../search/subset-resource.js';
import type { EngineContext } from './engine-context.js';
import type { FhirRequest, FhirResult } from './fhir-request.js';

const SHAPE_PARAMS = new Set(['_summary', '_elements']);

/**
 * `_summary` and `_elements` on a read or vread (http.html#read allows them as on search):
 * parsed and checked by the search code, so both answer the same values the same way.
 */
export function shapeReadResult(result: FhirResult, request: FhirRequest, context: EngineContext): FhirResult {
  const params = request.query.filter(([name]) => SHAPE_PARAMS.has(name));
  if (params.length === 0 || !result.resource || !request.resourceType) return result;
  const shape = parseSearchRequest(request.resourceType, params, context.registry);
  return { ...result, resource: subsetResource(result.resource, shape) };
}
