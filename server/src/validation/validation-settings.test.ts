import { expect } from 'chai';
import { loadResourceValidator } from './load-validator.js';
import { parseRequiredProfiles, parseValidationLevel } from './validation-settings.js';

describe('validation.html — VALIDATION, REQUIRED_PROFILES and IG_PACKAGES (README configuration)', function () {
  // The first load compiles the R4 schema (seconds on a busy machine).
  this.timeout(60_000);

  it('VALIDATION is off, base or profiles, profiles by default', () => {
    expect(parseValidationLevel(undefined)).to.equal('profiles');
    expect(parseValidationLevel('base')).to.equal('base');
    expect(() => parseValidationLevel('strict')).to.throw('VALIDATION must be one of off, base, profiles');
  });

  it('REQUIRED_PROFILES reads Type=url[,url];Type=url', () => {
    const required = parseRequiredProfiles('Patient=http://a/p1, http://a/p2;Observation=http://a/o;');
    expect([...required]).to.deep.equal([
      ['Patient', ['http://a/p1', 'http://a/p2']],
      ['Observation', ['http://a/o']],
    ]);
    expect(parseRequiredProfiles(undefined).size).to.equal(0);
    for (const bad of ['Patient', 'Patient=', '=http://a', 'Patient=a=b', 'Patient=a,,b']) {
      expect(() => parseRequiredProfiles(bad), bad).to.throw('REQUIRED_PROFILES must read');
    }
  });

  it('a required profile nobody defines, or an IG package that cannot be read, stops the start with its name', () => {
    const settings = { level: 'profiles' as const, requiredProfiles: new Map(), igPackages: [] };
    const unknown = new Map([['Patient', ['http://example.org/StructureDefinition/nope']]]);
    expect(() => loadResourceValidator({ ...settings, requiredProfiles: unknown })).to.throw(
      'REQUIRED_PROFILES: no StructureDefinition http://example.org/StructureDefinition/nope is loaded',
    );
    const notAType = new Map([['Patients', []]]);
    expect(() => loadResourceValidator({ ...settings, requiredProfiles: notAType })).to.throw('Patients is no R4');
    expect(() => loadResourceValidator({ ...settings, igPackages: ['/nonexistent/package.tgz'] })).to.throw(
      'IG_PACKAGES: /nonexistent/package.tgz is not loaded: Package file /nonexistent/package.tgz cannot be read (ENOENT)',
    );
  });
});
