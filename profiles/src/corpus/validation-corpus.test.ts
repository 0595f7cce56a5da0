import { expect } from 'chai';
import type { ProfileValidator } from '../profile-validator.js';
import { corpusAreas, corpusCases, type CorpusCase, errorsAndWarnings, expectedSummary } from './corpus-case.js';
import { KNOWN_GAPS } from './known-gaps.js';
import { usCorePackages, validatorWithPackages } from './us-core-validator.js';

const R4 = 'http://hl7.org/fhir/R4/';

/** What a case yields: its errors and warnings, against the base definitions and its profiles. */
function outcome(validator: ProfileValidator, corpusCase: CorpusCase): string[] {
  const options = { mode: 'profiles' as const, profiles: corpusCase.profiles ?? [], ...corpusCase.options };
  return errorsAndWarnings(validator.validate(corpusCase.resource, options));
}

/**
 * profiles/test-corpus: each resource breaks one rule and yields that one issue, at its path, and
 * no other error or warning; each control in valid.json yields none. The cases are named after the
 * spec section their rule comes from. A case in KNOWN_GAPS yields what is recorded there instead
 * (with the reason), so a change either way shows.
 */
describe('validation.html — the invalid-resource corpus (profiles/test-corpus)', function () {
  let validator: ProfileValidator;
  before(function () {
    this.timeout(120_000);
    const packages = usCorePackages();
    if (packages.length === 0) this.skip();
    validator = validatorWithPackages(packages.map((entry) => entry.path));
  });

  it('holds at least 110 invalid resources, each rule named once', function () {
    const cases = corpusAreas().flatMap(corpusCases);
    const invalid = cases.filter((corpusCase) => corpusCase.expect);
    expect(invalid.length).to.be.at.least(110);
    expect(new Set(cases.map((corpusCase) => corpusCase.rule)).size).to.equal(cases.length);
  });

  it('lists as known gaps only rules the corpus has', function () {
    const rules = new Set(corpusAreas().flatMap((area) => corpusCases(area).map((corpusCase) => corpusCase.rule)));
    expect(Object.keys(KNOWN_GAPS).filter((rule) => !rules.has(rule))).to.deep.equal([]);
  });

  for (const area of corpusAreas()) {
    describe(area, function () {
      for (const corpusCase of corpusCases(area)) {
        it(`${corpusCase.rule} (${corpusCase.spec.replace(R4, '')})`, function () {
          const actual = outcome(validator, corpusCase);
          const gap = KNOWN_GAPS[corpusCase.rule];
          if (gap) {
            expect(actual, `known gap: ${gap.reason}`).to.deep.equal(gap.actual);
          } else {
            expect(actual).to.deep.equal(corpusCase.expect ? [expectedSummary(corpusCase.expect)] : []);
          }
        });
      }
    });
  }
});
