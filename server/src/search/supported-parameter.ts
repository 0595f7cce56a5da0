import type { SearchParameterDefinition, SearchParamType } from '@nexushealth/conformance';
import type { SearchTarget } from './search-query.js';

/** Parameters on the record itself rather than in `idx` (http://hl7.org/fhir/R4/search.html#all). */
const RECORD_TARGETS = new Map<string, SearchTarget>([
  ['_id', 'id'],
  ['_lastUpdated', 'lastUpdated'],
]);

/** The types `extractIndex` indexes and `compileCriterion` matches (search.html#ptypes). */
const INDEXED_TYPES: ReadonlySet<SearchParamType> = new Set<SearchParamType>([
  'string',
  'token',
  'reference',
  'date',
  'number',
  'quantity',
  'uri',
]);

/**
 * Defined in R4 (search.html#all) but needing machinery this server does not have yet (issue 3):
 * full-text `_text`/`_content`, named `_query`, `_list`, `_filter`, `_has`, `_type` and
 * `_contained`. Listed by code because some have an indexable type and no expression.
 */
const NOT_YET = new Set(['_text', '_content', '_query', '_list', '_filter', '_has', '_type', '_contained']);

/** Where a supported parameter is looked up: the record's own field or `idx[code]`. */
export function searchTarget(code: string): SearchTarget {
  return RECORD_TARGETS.get(code) ?? 'idx';
}

/**
 * Whether this server evaluates the parameter: one of the indexed types, and either an
 * expression to index it by or a field of the record. Search parsing, `_sort` and the
 * CapabilityStatement all ask this one predicate, so the declaration cannot claim more than the
 * search does (capabilitystatement.html: `searchParam` lists the parameters supported).
 */
export function isSupportedSearchParameter(param: SearchParameterDefinition): boolean {
  if (NOT_YET.has(param.code)) return false;
  if (param.type === 'composite') return param.expression !== undefined && isIndexedComposite(param);
  return INDEXED_TYPES.has(param.type) && (param.expression !== undefined || RECORD_TARGETS.has(param.code));
}

/** A composite keyed by a first token component, the others of indexed types (index-composite.ts). */
function isIndexedComposite(param: SearchParameterDefinition): boolean {
  const [first, ...rest] = param.components ?? [];
  return first?.type === 'token' && rest.length > 0 && rest.every((c) => INDEXED_TYPES.has(c.type));
}
