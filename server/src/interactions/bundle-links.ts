import { clampedCount, nonNegativeParam } from '../search/paging-param.js';
import type { BundleLink } from '@medplum/fhirtypes';

/** The link parameter naming a search's snapshot (search/search-page.ts); opaque to clients. */
export const SEARCH_SET_PARAM = '_searchset';

/** The request's parameters without the search-set token, which links add back themselves. */
export function withoutSearchSet(query: Array<[string, string]>): Array<[string, string]> {
  return query.filter(([name]) => name !== SEARCH_SET_PARAM);
}

/**
 * self, next and previous links of a paged Bundle (http.html#paging, search.html#conformance).
 * The next page repeats the query with the offset moved on, plus the search set the pages read
 * from when there is one (stable paging). `query` should be the parameters the server applied,
 * not the raw request: `self` SHALL show what was used, so an ignored parameter must not appear
 * in it (search passes `SearchQuery.applied`). `more` says whether a next page follows, when the
 * caller knows; otherwise it is worked out from the total or a full page.
 */
export function pageLinks(
  url: string,
  query: Array<[string, string]>,
  page: { offset: number; count: number; returned: number; total?: number; more?: boolean; searchSet?: string },
): BundleLink[] {
  const kept = query.filter(([name]) => name !== '_offset' && name !== '_count');
  const token: Array<[string, string]> = page.searchSet === undefined ? [] : [[SEARCH_SET_PARAM, page.searchSet]];
  const at = (offset: number) => {
    const params = new URLSearchParams([
      ...kept,
      ...token,
      ['_count', String(page.count)],
      ['_offset', String(offset)],
    ]);
    return `${url}?${params.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: at(page.offset) }];
  // `_count=0` asks for the total only: there is no page to go on to.
  const more =
    page.count > 0 &&
    (page.more ?? (page.total === undefined ? page.returned >= page.count : page.offset + page.count < page.total));
  if (more) links.push({ relation: 'next', url: at(page.offset + page.count) });
  if (page.offset > 0) links.push({ relation: 'previous', url: at(Math.max(0, page.offset - page.count)) });
  return links;
}

/**
 * `_count` and `_offset` of a history request: absent → the defaults; a count above the maximum
 * is clamped; anything but a non-negative integer is a 400, as it is for search.
 */
export function pagingParams(
  query: Array<[string, string]>,
  paging: { defaultCount: number; maxCount: number },
): { offset: number; count: number } {
  const value = (name: string) => query.find(([n]) => n === name)?.[1];
  const count = value('_count');
  const offset = value('_offset');
  return {
    count: count === undefined ? paging.defaultCount : clampedCount(count, paging.maxCount).count,
    offset: offset === undefined ? 0 : nonNegativeParam('_offset', offset),
  };
}
