import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { elementTable } from '../definitions/element-table.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { clampedCount, nonNegativeParam } from './paging-param.js';
import type { SearchQuery, SearchSortKey, TotalMode } from './search-query.js';
import { isSupportedSearchParameter, searchTarget } from './supported-parameter.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

const TOTALS: readonly TotalMode[] = ['none', 'estimate', 'accurate'];
/** Handled by the HTTP layer (http://hl7.org/fhir/R4/http.html#parameters), not by search. */
const TRANSPORT = ['_format', '_pretty'];
/**
 * The result parameters search applies (search.html#return). `_include` and `_revinclude` are
 * parsed by parse-include.ts; `_contained` is unsupported, reported like unknown parameters.
 */
const RESULT_PARAMS = new Set(['_count', '_offset', '_total', '_summary', '_elements', '_sort', ...TRANSPORT]);
/** A top-level element name (search.html#elements); paths and wildcards are not accepted. */
const ELEMENT_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function isResultParam(name: string): boolean {
  return RESULT_PARAMS.has(name);
}

/** Applies one result parameter (http://hl7.org/fhir/R4/search.html#return) to the query. */
export function applyResultParam(
  query: SearchQuery,
  name: string,
  value: string,
  registry: SearchParameterRegistry,
): void {
  switch (name) {
    case '_count': {
      const { count, reduced } = clampedCount(value, MAX_COUNT);
      if (reduced) query.warnings.push(`_count was reduced to the maximum ${MAX_COUNT}`);
      query.count = count;
      return;
    }
    case '_offset':
      query.offset = nonNegativeParam(name, value);
      return;
    case '_total': {
      const total = TOTALS.find((t) => t === value);
      if (total === undefined) throw invalid(name, `_total must be one of ${TOTALS.join(', ')}`);
      query.total = total;
      return;
    }
    case '_summary':
      applySummary(query, value);
      return;
    case '_elements':
      query.elements = elementNames(query.resourceType, value);
      return;
    case '_sort':
      query.sort = value
        .split(',')
        .filter((s) => s !== '')
        .map((s) => sortKey(query.resourceType, s, registry));
      return;
  }
}

/**
 * `_summary` (search.html#summary): `count` is the total only, `false` the whole resource, `true`,
 * `text` and `data` are subsets (see subsetResource).
 */
function applySummary(query: SearchQuery, value: string): void {
  delete query.summary;
  switch (value) {
    case 'count':
      query.count = 0;
      query.total = 'accurate';
      return;
    case 'false':
      return;
    case 'true':
    case 'text':
    case 'data':
      query.summary = value;
      return;
    default:
      throw invalid('_summary', `_summary must be one of true, text, data, count, false, not "${value}"`);
  }
}

/**
 * The names of `_elements`, each a top-level element of the type (its StructureDefinition; a
 * choice by its base name `value` or a typed one `valueQuantity`): an unknown name is a 400
 * rather than silently returning less. A search over several types checks the form only.
 */
function elementNames(resourceType: string, value: string): string[] {
  const names = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = names.find((e) => !ELEMENT_NAME.test(e));
  if (bad !== undefined) throw invalid('_elements', `_elements takes top-level element names, not "${bad}"`);
  if (names.length === 0) throw invalid('_elements', '_elements needs at least one element name');
  const layout = elementTable().layoutOf(resourceType);
  const unknown = layout && names.find((e) => !layout.byName.has(e) && !layout.elements.some((el) => el.name === e));
  if (unknown) throw invalid('_elements', `${resourceType} has no element "${unknown}"`);
  return names;
}

/**
 * `_summary` (other than count/false) and `_elements` both choose what to return; R4 does not say
 * how they combine, so asking for both is refused rather than guessed.
 */
export function checkResultShape(query: SearchQuery): void {
  if (query.summary !== undefined && query.elements !== undefined) {
    throw invalid('_elements', `_elements cannot be combined with _summary=${query.summary}`);
  }
}

/** `_sort=a,-b` (http://hl7.org/fhir/R4/search.html#sort), on the parameters search supports. */
function sortKey(resourceType: string, text: string, registry: SearchParameterRegistry): SearchSortKey {
  const direction = text.startsWith('-') ? -1 : 1;
  const code = direction === -1 ? text.slice(1) : text;
  const param = registry.get(resourceType, code);
  // A composite has no order of its own (search.html#sort names none).
  if (!param || !isSupportedSearchParameter(param) || param.type === 'composite') {
    throw invalid('_sort', `cannot sort ${resourceType} by "${code}"`);
  }
  return { code, type: param.type, target: searchTarget(code), direction };
}

function invalid(name: string, message: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', message, name);
}
