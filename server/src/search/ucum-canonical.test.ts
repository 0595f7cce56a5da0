import { expect } from 'chai';
import { ucumBaseUnit } from './ucum-canonical.js';

describe('search.html#quantity — UCUM canonical units', function () {
  it('converts a UCUM code to its base units (mg → 0.001 g)', function () {
    expect(ucumBaseUnit('mg')).to.deep.equal({ factor: 0.001, unit: 'g' });
  });

  it('an invalid code has no canonical form and is never written to the console (no submitted text in logs)', function () {
    const written: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void written.push(args);
    try {
      expect([ucumBaseUnit('mg dL'), ucumBaseUnit('patient-secret-unit')]).to.deep.equal([undefined, undefined]);
    } finally {
      console.log = log;
    }
    expect(written).to.deep.equal([]);
  });
});
