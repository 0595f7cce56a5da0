import type { HistoryRequest, StoreFilter, StoreSort } from './port.js';

/**
 * The history interaction as a filter and an order over history documents, shared by both
 * backends. Newest first (http://hl7.org/fhir/R4/http.html#history): by lastUpdated, then by
 * version so two versions written in the same millisecond still come out in write order.
 */
export const HISTORY_SORT: StoreSort = [
  ['lastUpdated', -1],
  ['version', -1],
];

export function historyFilter(request: HistoryRequest): StoreFilter {
  const filter: StoreFilter = {};
  if (request.id !== undefined) filter['id'] = request.id;
  // Normalised so that "…49Z" and "…49.000Z" compare as the same instant in string order.
  const bounds: Record<string, string> = {};
  if (request.since !== undefined) bounds['$gt'] = new Date(request.since).toISOString();
  if (request.until !== undefined) bounds['$lte'] = new Date(request.until).toISOString();
  if (Object.keys(bounds).length > 0) filter['lastUpdated'] = bounds;
  return request.filter === undefined ? filter : { $and: [filter, request.filter] };
}

/** The types a history reads: the one asked for, else those of `stored` the request keeps. */
export function historyTypes(request: HistoryRequest, stored: string[]): string[] {
  if (request.resourceType !== undefined) return [request.resourceType];
  const kept = request.resourceTypes;
  return kept === undefined ? stored : stored.filter((type) => kept.includes(type));
}
