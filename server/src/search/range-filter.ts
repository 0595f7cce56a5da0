import type { SearchPrefix } from './search-query.js';

/** Field names and value encoding of a stored range: `idx.x.lo`/`idx.x.hi`, or one point field. */
export interface RangeFields {
  lo: string;
  hi: string;
  encode: (ms: number) => unknown;
}

/**
 * A date prefix as a condition on a stored [lo, hi] range against the search range [L, H]
 * (http://hl7.org/fhir/R4/search.html#prefix): eq = contained; gt = ends after H; lt = starts
 * before L; ge/le = overlaps [L, ∞) / (−∞, H]; sa = starts after H; eb = ends before L;
 * ap = overlaps [L, H] widened by 10% of its distance from now (the spec leaves ap to the server).
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
  switch (prefix) {
    case 'eq':
      return { $and: [cond(f.lo, '$gte', lo), cond(f.hi, '$lte', hi)] };
    case 'ne':
      return { $nor: [{ $and: [cond(f.lo, '$gte', lo), cond(f.hi, '$lte', hi)] }] };
    case 'gt':
      return cond(f.hi, '$gt', hi);
    case 'lt':
      return cond(f.lo, '$lt', lo);
    case 'ge':
      return cond(f.hi, '$gte', lo);
    case 'le':
      return cond(f.lo, '$lte', hi);
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
