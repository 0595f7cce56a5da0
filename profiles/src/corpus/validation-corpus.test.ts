import { expect } from 'chai';
import type { ProfileValidator } from '../profile-validator.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { corpusAreas, corpusCases, type CorpusCase, errorsAndWarnings, expectedSummary } from './corpus-case.js';
import { KNOWN_GAPS } from './known-gaps.js';
import { usCorePackages, validatorWithPackages } from './us-core-validator.js';

const R4 = 'http://hl7.org/fhir/R4/';
const US_CORE_VERSION = /\/fhir\/us\/core\/StructureDefinition\/[^"|]+\|(\d+\.\d+\.\d+)/g;

/**
 * The US Core version a case names in its profiles or meta.profile claims (`url|version`), if any.
 * Each case meets one package only: which version an unversioned reference inside a package
 * resolves to when several are loaded is not the rule under test.
 */
function usCoreVersion(corpusCase: CorpusCase): string | undefined {
  const versions = new Set([...JSON.stringify(corpusCase).matchAll(US_CORE_VERSION)].map((match) => match[1]));
  expect(versions.size, 'one US Core version per case').to.be.at.most(1);
  return [...versions][0];
}

/** What a case yields: its errors and warnings, against the base definitions and its profiles. */
function outcome(validator: ProfileValidator, corpusCase: CorpusCase): string[] {
  const options = { mode: 'profiles' as const, profiles: corpusCase.profiles ?? [], ...corpusCase.options };
  return errorsAndWarnings(validator.validate(corpusCase.resource, options), corpusCase.expect);
}

/**
 * profiles/test-corpus: each resource breaks one rule and yields that one issue, at its path, and
 * no other error or warning; each control in valid.json yields none. The cases are named after the
 * spec section their rule comes from. A case in KNOWN_GAPS yields what is recorded there instead
 * (with the reason), so a change either way shows.
 */
describe('validation.html — the invalid-resource corpus (profiles/test-corpus)', function () {
  const validators = new Map<string, ProfileValidator>();
  const validatorFor = (corpusCase: CorpusCase): ProfileValidator => {
    const version = usCoreVersion(corpusCase) ?? 'base';
    let validator = validators.get(version);
    if (!validator) {
      const path = usCorePackages().find((entry) => entry.version === version)?.path;
      expect(version === 'base' || path !== undefined, `hl7.fhir.us.core-${version}.tgz`).to.equal(true);
      validator = validatorWithPackages(path ? [path] : []);
      validators.set(version, validator);
    }
    return validator;
  };
  // The first case of a US Core version loads that package; the schema is compiled once, first.
  this.timeout(60_000);
  before(function () {
    if (usCorePackages().length === 0) this.skip();
    SchemaValidator.shared();
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
          const actual = outcome(validatorFor(corpusCase), corpusCase);
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
