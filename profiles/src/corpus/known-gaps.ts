/**
 * Corpus cases that do not yet yield their expected issue, with the reason and what they yield
 * now. The test holds each to exactly this, so fixing one (or breaking it further) shows.
 */
export const KNOWN_GAPS: Readonly<Record<string, { reason: string; actual: string[] }>> = {
  'txt-2: a narrative with only whitespace': {
    reason:
      'txt-2 is skipped (invariants/constraint-exceptions.ts): four official R4 examples ship an empty generated div ' +
      "and the reference validator accepts them, so refusing it would refuse the spec's own examples",
    actual: [],
  },
};
