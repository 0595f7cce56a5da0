import { describe, it } from 'mocha';
import { expect } from 'chai';
import { Query } from 'mingo';
import { rangeFilter } from './range-filter.js';
import type { SearchPrefix } from './search-query.js';

/** Stored ranges around the search range [10, 20] (both ends inclusive, as dates are stored). */
const STORED: Record<string, [number, number]> = {
  below: [0, 5],
  straddlesLow: [5, 15],
  inside: [12, 18],
  same: [10, 20],
  straddlesHigh: [15, 25],
  above: [25, 30],
  around: [0, 30],
};

function matching(prefix: SearchPrefix, now = 20): string[] {
  const filter = rangeFilter({ lo: 'd.lo', hi: 'd.hi', encode: (ms) => ms }, prefix, 10, 20, now);
  const query = new Query(filter);
  return Object.entries(STORED)
    .filter(([, [lo, hi]]) => query.test({ d: [{ lo, hi }] }))
    .map(([name]) => name);
}

describe('search.html#prefix — the prefix table over implicit ranges', () => {
  const table: Array<[SearchPrefix, string, string[]]> = [
    ['eq', 'the range of the search value fully contains the range of the target value', ['inside', 'same']],
    [
      'ne',
      'the range of the search value does not fully contain the range of the target value',
      ['below', 'straddlesLow', 'straddlesHigh', 'above', 'around'],
    ],
    [
      'gt',
      'the range above the search value intersects the range of the target value',
      ['straddlesHigh', 'above', 'around'],
    ],
    [
      'lt',
      'the range below the search value intersects the range of the target value',
      ['below', 'straddlesLow', 'around'],
    ],
    ['ge', 'gt, or the search value fully contains the target', ['inside', 'same', 'straddlesHigh', 'above', 'around']],
    ['le', 'lt, or the search value fully contains the target', ['below', 'straddlesLow', 'inside', 'same', 'around']],
    ['sa', 'no overlap, and the range above the search value contains the target', ['above']],
    ['eb', 'no overlap, and the range below the search value contains the target', ['below']],
  ];
  for (const [prefix, words, expected] of table) {
    it(`${prefix}: ${words}`, () => {
      expect(matching(prefix)).to.deep.equal(expected);
    });
  }

  it('ap: overlaps the search range widened by 10% of its distance from now (server-defined)', () => {
    expect(matching('ap', 20)).to.deep.equal(['straddlesLow', 'inside', 'same', 'straddlesHigh', 'around']);
    // 10% of 100 = 10 either side: [0, 30] reaches everything.
    expect(matching('ap', 110)).to.deep.equal(Object.keys(STORED));
  });
});
