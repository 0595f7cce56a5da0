import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { SearchQuery, SearchSortKey, TotalMode } from './search-query.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

const TOTALS: readonly TotalMode[] = ['none', 'estimate', 'accurate'];
const SUMMARIES = ['true', 'text', 'data', 'false'] as const;
/** Handled by the HTTP layer (http://hl7.org/fhir/R4/http.html#parameters), not by search. */
const TRANSPORT = new Set(['_format', '_pretty']);

/**
 * Applies one result parameter (http://hl7.org/fhir/R4/search.html#return) to the query.
 * Returns false when `name` is not a result parameter.
 */
export function applyResultParam(
  query: SearchQuery,
  name: string,
  value: string,
  registry: SearchParameterRegistry,
): boolean {
  switch (name) {
    case '_count': {
      const count = nonNegativeInteger(name, value);
      if (count > MAX_COUNT) query.warnings.push(`_count ${count} was reduced to the maximum ${MAX_COUNT}`);
      query.count = Math.min(count, MAX_COUNT);
      return true;
    }
    case '_offset':
      query.offset = nonNegativeInteger(name, value);
      return true;
    case '_total': {
      const total = TOTALS.find((t) => t === value);
      if (total === undefined) throw invalid(name, `_total must be one of ${TOTALS.join(', ')}`);
      query.total = total;
      return true;
    }
    case '_summary': {
      if (value === 'count') {
        query.count = 0;
        query.total = 'accurate';
        return true;
      }
      const summary = SUMMARIES.find((s) => s === value);
      if (summary === undefined) throw invalid(name, `_summary must be count or one of ${SUMMARIES.join(', ')}`);
      query.summary = summary;
      return true;
    }
    case '_elements':
      query.elements = value
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '');
      return true;
    case '_sort':
      query.sort = value
        .split(',')
        .filter((s) => s !== '')
        .map((s) => sortKey(query.resourceType, s, registry));
      return true;
    case '_include':
      query.include.push(value);
      return true;
    case '_revinclude':
      query.revinclude.push(value);
      return true;
    default:
      return TRANSPORT.has(name);
  }
}

/** `_sort=a,-b` (http://hl7.org/fhir/R4/search.html#sort); composite/special cannot be sorted. */
function sortKey(resourceType: string, text: string, registry: SearchParameterRegistry): SearchSortKey {
  const direction = text.startsWith('-') ? -1 : 1;
  const code = direction === -1 ? text.slice(1) : text;
  if (code === '_id') return { code, type: 'token', target: 'id', direction };
  if (code === '_lastUpdated') return { code, type: 'date', target: 'lastUpdated', direction };
  const param = registry.get(resourceType, code);
  if (!param || param.type === 'composite' || param.type === 'special') {
    throw invalid('_sort', `cannot sort ${resourceType} by "${code}"`);
  }
  return { code, type: param.type, target: 'idx', direction };
}

function nonNegativeInteger(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw invalid(name, `${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

function invalid(name: string, message: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', message, name);
}
