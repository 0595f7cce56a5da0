import type { SearchPrefix } from './search-query.js';

/** Field names and value encoding of a stored range: `idx.x.lo`/`idx.x.hi`, or one point field. */
export interface RangeFields {
  lo: string;
  hi: string;
  encode: (ms: number) => unknown;
}

/**
 * A date prefix as a condition on a stored [lo, hi] range against the search range [L, H], as the
 * table of http://hl7.org/fhir/R4/search.html#prefix words it: eq = the search range contains
 * the stored one; gt = the stored range reaches above H ("the range above the search value
 * intersects"); lt = it reaches below L; ge = gt or eq; le = lt or eq; sa = it starts after H;
 * eb = it ends before L; ap = overlaps [L, H] widened by 10% of its distance from now (the spec
 * leaves the width of ap to the server). A stored range that straddles L is not ge, one that
 * straddles H is not le: neither reaches beyond the search range on that side nor lies inside it.
 */
export function rangeFilter(
  f: RangeFields,
  prefix: SearchPrefix,
  lo: number,
  hi: number,
  now: number,
): Record<string, unknown> {
  const cond = (field: string, op: string, ms: number): Record<string, unknown> => ({
    [field]: { [op]: f.encode(ms) },
  });
  const contained = { $and: [cond(f.lo, '$gte', lo), cond(f.hi, '$lte', hi)] };
  switch (prefix) {
    case 'eq':
      return contained;
    case 'ne':
      // "The value in the resource is not equal": a resource with no value is not a match
      // (search-comparator codesystem; `:missing` and `:not` are for absence).
      return { $and: [{ [f.lo]: { $exists: true } }, { $nor: [contained] }] };
    case 'gt':
      return cond(f.hi, '$gt', hi);
    case 'lt':
      return cond(f.lo, '$lt', lo);
    case 'ge':
      return { $or: [cond(f.hi, '$gt', hi), contained] };
    case 'le':
      return { $or: [cond(f.lo, '$lt', lo), contained] };
    case 'sa':
      return cond(f.lo, '$gt', hi);
    case 'eb':
      return cond(f.hi, '$lt', lo);
    case 'ap': {
      const margin = Math.abs(now - lo) * 0.1;
      return { $and: [cond(f.lo, '$lte', hi + margin), cond(f.hi, '$gte', lo - margin)] };
    }
  }
}
