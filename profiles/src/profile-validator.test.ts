import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { ProfileValidator } from './profile-validator.js';
import { dedupeAndCap } from './schema/issue-list.js';
import { SchemaValidator } from './schema/schema-validator.js';
import { issueSummary } from './test-support/issue-summary.js';
import { profileOf } from './test-support/layered-definitions.js';

const PROFILE = 'http://example.org/fhir/StructureDefinition/active-patient';

/** dom-6 (a resource without narrative, a warning) is beside the point of these cases. */
const withoutDom6 = (issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] =>
  issues.filter((issue) => !issue.diagnostics?.startsWith('dom-6:'));

describe('validation.html — ProfileValidator: the schema layer, then the StructureDefinition layer', function () {
  let validator: ProfileValidator;
  before(function () {
    this.timeout(30_000);
    const registry = DefinitionRegistry.create();
    validator = new ProfileValidator(SchemaValidator.shared(), registry);
    expect(
      registry
        .add(profileOf('Patient', PROFILE, { 'Patient.active': { min: 1 } }))
        .filter((i) => i.severity === 'error'),
    ).to.deep.equal([]);
  });

  it('one layer per location: the StructureDefinition layer’s where it finds an error, with its finer codes', function () {
    const resource = { resourceType: 'Patient', birthDate: '1990-13', gender: 'x', photo: [{ size: -1 }], foo: 1 };
    const issues = withoutDom6(validator.validate(resource, { profiles: [PROFILE] }));
    expect(issues.map(issueSummary).sort()).to.deep.equal([
      'error code-invalid @ Patient.gender',
      'error required @ Patient.active',
      'error structure @ Patient.foo',
      'error value @ Patient.birthDate',
      'error value @ Patient.photo[0].size',
    ]);
  });

  it('a clean resource yields []; warnings are kept (unknown extensions, unknown claimed profiles)', function () {
    expect(withoutDom6(validator.validate({ resourceType: 'Patient', active: true }))).to.deep.equal([]);
    const resource = {
      resourceType: 'Patient',
      meta: { profile: ['http://x.org/p'] },
      extension: [{ url: 'http://x.org/e', valueString: 'x' }],
    };
    expect(withoutDom6(validator.validate(resource)).map(issueSummary)).to.deep.equal([
      'warning extension @ Patient.extension[0]',
      'warning not-found @ Patient.meta.profile[0]',
    ]);
    expect(withoutDom6(validator.validate(resource, { mode: 'base', unknownExtensions: 'ignore' }))).to.deep.equal([]);
  });

  it('a definition added to the registry counts from the next validation on (structuredefinition.html)', function () {
    const url = 'http://example.org/fhir/StructureDefinition/gendered-patient';
    const resource = { resourceType: 'Patient', meta: { profile: [url] } };
    expect(withoutDom6(validator.validate(resource)).map(issueSummary)).to.deep.equal([
      'warning not-found @ Patient.meta.profile[0]',
    ]);
    validator.definitions.add(profileOf('Patient', url, { 'Patient.gender': { min: 1 } }));
    expect(validator.hasProfile(url)).to.equal(true);
    expect(withoutDom6(validator.validate(resource)).map(issueSummary)).to.deep.equal([
      'error required @ Patient.gender',
    ]);
  });

  it('at most 100 issues, then one informational issue with the count', function () {
    const resource = { resourceType: 'Patient', name: Array.from({ length: 150 }, () => ({ given: [1] })) };
    const issues = withoutDom6(validator.validate(resource));
    expect(issues).to.have.length(101);
    expect(issues[100]?.code).to.equal('informational');
  });

  it('errors come first, so the cap never hides one behind warnings', function () {
    const extension = Array.from({ length: 150 }, (_, i) => ({ url: `http://x.org/e${i}`, valueString: 'x' }));
    const issues = withoutDom6(validator.validate({ resourceType: 'Patient', extension, active: 'yes' }));
    expect(issues[0]?.expression).to.deep.equal(['Patient.active']);
    expect(issues).to.have.length(101);
  });

  it('one issue per code and location, the most severe: a profile’s required binding over the base’s extensible one (terminologies.html#strength)', function () {
    const url = 'http://example.org/fhir/StructureDefinition/married-patient';
    const valueSet = 'http://example.org/fhir/ValueSet/married';
    const system = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
    validator.definitions.add({
      resourceType: 'ValueSet',
      url: valueSet,
      status: 'active',
      compose: { include: [{ system, concept: [{ code: 'M' }] }] },
    });
    const binding = { strength: 'required' as const, valueSet };
    validator.definitions.add(profileOf('Patient', url, { 'Patient.maritalStatus': { binding } }));
    const resource = { resourceType: 'Patient', maritalStatus: { coding: [{ system, code: 'ZZ' }] } };
    expect(withoutDom6(validator.validate(resource, { profiles: [url] })).map(issueSummary)).to.deep.equal([
      'error code-invalid @ Patient.maritalStatus',
    ]);
    expect(withoutDom6(validator.validate(resource)).map(issueSummary)).to.deep.equal([
      'warning code-invalid @ Patient.maritalStatus',
    ]);
  });

  it('issue collection, dedupe and cap stay linear: 100,000 issues (operationoutcome.html)', function () {
    const issues = Array.from({ length: 100_000 }, (_, i): OperationOutcomeIssue => ({
      severity: i % 2 === 0 ? 'warning' : 'error',
      code: 'code-invalid',
      expression: [`Patient.telecom[${i >> 1}].system`],
    }));
    const kept = dedupeAndCap(issues, 100);
    expect(kept).to.have.length(101);
    expect(kept.slice(0, 100).every((issue) => issue.severity === 'error')).to.equal(true);
    expect(kept[100]?.diagnostics).to.match(/^49900 further/);
  });

  it('knows the R4 resource types', function () {
    expect(validator.resourceTypes.size).to.equal(146);
    expect(validator.isResourceType('Patient')).to.equal(true);
    expect(ProfileValidator.shared().definitions).to.equal(DefinitionRegistry.r4());
  });
});
