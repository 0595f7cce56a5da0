import { expect } from 'chai';
import { InvalidScopeError, parseScopes, type Permission } from './scopes.js';

const TYPES = new Set(['Patient', 'Observation', 'AuditEvent']);
const parse = (text: string) => parseScopes(text, (name) => TYPES.has(name));
const permissionsOf = (text: string): Permission[] => [...(parse(text).resourceScopes[0]?.permissions ?? [])];
const refused = (text: string, culprit: string) => {
  expect(() => parse(text))
    .to.throw(InvalidScopeError)
    .with.property('scope', culprit);
};

/** SMART App Launch 2 scopes: https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html */
describe('scopes-and-launch-context.html#clinical-scope-syntax — the scope parser', () => {
  it('reads v1 names with their v2 meaning: read ⇒ rs, write ⇒ cud, * ⇒ cruds', () => {
    expect(permissionsOf('patient/Observation.read')).to.have.members(['r', 's']);
    expect(permissionsOf('user/Patient.write')).to.have.members(['c', 'u', 'd']);
    expect(permissionsOf('system/*.*')).to.have.members(['c', 'r', 'u', 'd', 's']);
  });

  it('reads v2 letters, any subset of c r u d s in that order', () => {
    expect(permissionsOf('user/*.cruds')).to.have.members(['c', 'r', 'u', 'd', 's']);
    expect(permissionsOf('patient/Observation.rs')).to.have.members(['r', 's']);
    expect(permissionsOf('system/Patient.cu')).to.have.members(['c', 'u']);
    expect(permissionsOf('system/Patient.d')).to.have.members(['d']);
  });

  it('refuses letters out of order, repeated or undefined ("a request of .dus is not a defined scope")', () => {
    for (const scope of [
      'user/Patient.dus',
      'user/Patient.sr',
      'user/Patient.rr',
      'user/Patient.rx',
      'user/Patient.',
    ]) {
      refused(scope, scope);
    }
    refused('user/Patient.read*', 'user/Patient.read*');
    refused('user/Patient.READ', 'user/Patient.READ');
  });

  it('keeps the context and the wildcard type (patient/*.rs)', () => {
    const [scope] = parse('patient/*.rs').resourceScopes;
    expect(scope?.context).to.equal('patient');
    expect(scope?.resourceType).to.equal('*');
    expect(parse('patient/*.rs').granting('Observation', 'r')).to.have.length(1);
    expect(parse('patient/*.rs').granting('Observation', 'c')).to.have.length(0);
  });

  it('reads a v2 restriction as search parameters (#finer-grained-resource-constraints-using-search-parameters)', () => {
    const text =
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
    const [scope] = parse(text).resourceScopes;
    expect(scope?.restriction).to.deep.equal([
      ['category', 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory'],
    ]);
    expect(parse('user/Observation.rs?category=a&status=final').resourceScopes[0]?.restriction).to.deep.equal([
      ['category', 'a'],
      ['status', 'final'],
    ]);
  });

  it('refuses a restriction after v1 names or with nothing in it', () => {
    refused('patient/Observation.read?category=laboratory', 'patient/Observation.read?category=laboratory');
    refused('patient/Observation.rs?', 'patient/Observation.rs?');
  });

  it('refuses unknown and malformed resource types', () => {
    for (const scope of [
      'patient/Foo.rs',
      'patient/observation.rs',
      'patient/Patient/1.rs',
      'system/.rs',
      'user/**.rs',
    ]) {
      refused(scope, scope);
    }
  });

  it('fails the whole set on one malformed resource scope: a partly valid set is no grant', () => {
    refused('openid patient/Patient.rs patient/Observation.sr launch/patient', 'patient/Observation.sr');
    refused('system/*.cruds system/Nope.r', 'system/Nope.r');
  });

  it('keeps scopes that carry no resource access apart, and normalises spacing', () => {
    const set = parse('  openid fhirUser   launch/patient offline_access patient/Patient.r ');
    expect(set.resourceScopes.map((scope) => scope.text)).to.deep.equal(['patient/Patient.r']);
    expect(set.otherScopes).to.deep.equal(['openid', 'fhirUser', 'launch/patient', 'offline_access']);
    expect(set.toString()).to.equal('patient/Patient.r openid fhirUser launch/patient offline_access');
    expect(parse('').resourceScopes).to.deep.equal([]);
  });
});
