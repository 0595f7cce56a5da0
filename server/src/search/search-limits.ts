/**
 * Bounds of the search planner, declared in the CapabilityStatement; a search that would pass
 * one is answered with an OperationOutcome (`too-costly`), never an unbounded scan.
 */
export interface SearchLimits {
  /** Most resources a chain's or `_has`'s inner search may match (search.html#chaining). */
  joinMaxMatches: number;
  /** Most resources `_include`/`_revinclude` may add to one page (search.html#include). */
  includeMax: number;
  /** Most rounds `:iterate` may follow beyond the first (search.html#revinclude: servers may bound it). */
  includeMaxDepth: number;
  /** Most matches a search set keeps for stable paging; past it paging is by offset. */
  searchSetMax: number;
  /** How long a search set stays readable after its first page. */
  searchSetTtlMs: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = {
  joinMaxMatches: 10_000,
  includeMax: 1000,
  includeMaxDepth: 10,
  searchSetMax: 10_000,
  searchSetTtlMs: 30 * 60_000,
};
