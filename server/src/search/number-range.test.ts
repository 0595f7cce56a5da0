import { describe, it } from 'mocha';
import { expect } from 'chai';
import { numberRange } from './number-range.js';

describe('numberRange', () => {
  it('takes the range from the precision of the value (search.html#number)', () => {
    expect(numberRange('100')).to.deep.equal({ value: 100, lo: 99.5, hi: 100.5 });
    const r = numberRange('100.00');
    expect(r?.lo).to.be.closeTo(99.995, 1e-9);
    expect(r?.hi).to.be.closeTo(100.005, 1e-9);
    expect(numberRange('1e2')).to.deep.equal({ value: 100, lo: 50, hi: 150 });
    expect(numberRange('-3')).to.deep.equal({ value: -3, lo: -3.5, hi: -2.5 });
  });

  it('past 16 significant digits the range still holds the value (double resolution)', () => {
    const range = numberRange('66.89999999999999');
    expect(range?.lo).to.be.at.most(66.89999999999999);
    expect(range?.hi).to.be.greaterThan(66.89999999999999);
  });

  it('rejects numbers past a double, whose range is not finite (search.html#number)', () => {
    for (const bad of ['1e999', '-1e999', '1e400']) expect(numberRange(bad), bad).to.equal(undefined);
    expect(numberRange('1e308')?.value).to.equal(1e308);
  });

  it('rejects non-numbers', () => {
    for (const bad of ['', 'abc', '1,5', '0x10', 'Infinity', '1e']) expect(numberRange(bad), bad).to.equal(undefined);
  });
});
