import { expect } from 'chai';
import { equalsFixed } from './equals-fixed.js';
import { matchesPattern } from './matches-pattern.js';

const coding = { system: 'http://loinc.org', code: '8480-6' };

describe('elementdefinition-definitions.html#ElementDefinition.fixed_x_ — equalsFixed', function () {
  it('primitives are equal exactly (case sensitive)', function () {
    expect(equalsFixed('final', 'final')).to.equal(true);
    expect(equalsFixed('Final', 'final')).to.equal(false);
    expect(equalsFixed(1.5, 1.5)).to.equal(true);
    expect(equalsFixed('1.5', 1.5)).to.equal(false);
  });

  it('“missing elements/attributes must also be missing”: no extra property, none left out', function () {
    expect(equalsFixed({ ...coding }, coding)).to.equal(true);
    expect(equalsFixed({ ...coding, display: 'Systolic' }, coding)).to.equal(false);
    expect(equalsFixed({ system: coding.system }, coding)).to.equal(false);
  });

  it('arrays: the same items in the same order', function () {
    const other = { system: 'http://snomed.info/sct', code: '271649006' };
    expect(equalsFixed({ coding: [coding, other] }, { coding: [coding, other] })).to.equal(true);
    expect(equalsFixed({ coding: [other, coding] }, { coding: [coding, other] })).to.equal(false);
    expect(equalsFixed({ coding: [coding] }, { coding: [coding, other] })).to.equal(false);
  });
});

describe('elementdefinition-definitions.html#ElementDefinition.pattern_x_ — matchesPattern', function () {
  it('every property of the pattern is present with a matching value; others may be there too', function () {
    expect(matchesPattern({ ...coding, display: 'Systolic' }, coding)).to.equal(true);
    expect(matchesPattern({ system: coding.system }, coding)).to.equal(false);
    expect(matchesPattern({ ...coding, code: '8462-4' }, coding)).to.equal(false);
  });

  it('each item of a pattern array matches some item of the value’s array, in any order', function () {
    const other = { system: 'http://snomed.info/sct', code: '271649006' };
    const pattern = { coding: [coding] };
    expect(matchesPattern({ coding: [other, { ...coding, display: 'x' }] }, pattern)).to.equal(true);
    expect(matchesPattern({ coding: [other] }, pattern)).to.equal(false);
    expect(matchesPattern({ coding: { ...coding } }, pattern)).to.equal(false);
  });

  it('a primitive pattern is an exact match', function () {
    expect(matchesPattern('laboratory', 'laboratory')).to.equal(true);
    expect(matchesPattern('Laboratory', 'laboratory')).to.equal(false);
    expect(matchesPattern(undefined, 'laboratory')).to.equal(false);
  });
});
