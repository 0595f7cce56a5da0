import { describe, it } from 'mocha';
import { expect } from 'chai';
import { dateRange } from './date-range.js';

const utc = (iso: string): number => Date.parse(iso);

describe('dateRange', () => {
  it('covers the implicit range of each precision (search.html#date)', () => {
    expect(dateRange('2002')).to.deep.equal({ lo: utc('2002-01-01T00:00:00Z'), hi: utc('2002-12-31T23:59:59.999Z') });
    expect(dateRange('2002-02')).to.deep.equal({
      lo: utc('2002-02-01T00:00:00Z'),
      hi: utc('2002-02-28T23:59:59.999Z'),
    });
    expect(dateRange('2002-10-16')).to.deep.equal({
      lo: utc('2002-10-16T00:00:00Z'),
      hi: utc('2002-10-16T23:59:59.999Z'),
    });
    expect(dateRange('2002-10-16T05:54')).to.deep.equal({
      lo: utc('2002-10-16T05:54:00Z'),
      hi: utc('2002-10-16T05:54:59.999Z'),
    });
    expect(dateRange('2017-12-19T05:54:48+02:00')).to.deep.equal({
      lo: utc('2017-12-19T03:54:48Z'),
      hi: utc('2017-12-19T03:54:48.999Z'),
    });
    expect(dateRange('2017-12-19T05:54:48.5Z')).to.deep.equal({
      lo: utc('2017-12-19T05:54:48.500Z'),
      hi: utc('2017-12-19T05:54:48.599Z'),
    });
    expect(dateRange('2017-12-19T05:54:48.523Z')).to.deep.equal({
      lo: utc('2017-12-19T05:54:48.523Z'),
      hi: utc('2017-12-19T05:54:48.523Z'),
    });
  });

  it('rejects what is not a FHIR date', () => {
    for (const bad of ['2002-13', '2021-02-30', '2002-10-16T25:00', '16/10/2002', '2002-1', '', 'now']) {
      expect(dateRange(bad), bad).to.equal(undefined);
    }
  });
});
