import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { ProfileValidator } from './profile-validator.js';
import { SchemaValidator } from './schema/schema-validator.js';
import { issueSummary } from './test-support/issue-summary.js';

/** `levels` Parameters.parameter.part levels: 3 + 2 × levels JSON levels. */
function nestedParameters(levels: number): unknown {
  let part: Record<string, unknown> = { name: 'leaf', valueString: 'a' };
  for (let i = 0; i < levels; i++) part = { name: 'p', part: [part] };
  return { resourceType: 'Parameters', parameter: [part] };
}

function nestedExtensions(levels: number): unknown {
  let extension: Record<string, unknown> = { url: 'http://example.org/x', valueString: 'a' };
  for (let i = 0; i < levels; i++) extension = { url: 'http://example.org/x', extension: [extension] };
  return { resourceType: 'Patient', extension: [extension] };
}

function nestedBundles(levels: number): unknown {
  let bundle: Record<string, unknown> = { resourceType: 'Bundle', type: 'collection' };
  for (let i = 0; i < levels; i++)
    bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: bundle }] };
  return bundle;
}

// The library never throws for any JSON: past 256 levels (the server's body limit, json-depth.ts)
// one too-costly error, unchecked by any recursive layer; at the limit every layer runs.
describe('validation.html — ProfileValidator answers any JSON, never throws', function () {
  let validator: ProfileValidator;
  before(function () {
    this.timeout(30_000);
    validator = new ProfileValidator(SchemaValidator.shared(), DefinitionRegistry.create());
  });

  it('parameters.html — parameter[].part 1,000 deep is one too-costly error', function () {
    expect(validator.validate(nestedParameters(1000)).map(issueSummary)).to.deep.equal(['error too-costly']);
    expect(SchemaValidator.shared().validate(nestedParameters(1000)).map(issueSummary)).to.deep.equal([
      'error too-costly',
    ]);
  });

  it('extensibility.html#Extension — extensions nested 900 deep are one too-costly error', function () {
    expect(validator.validate(nestedExtensions(900)).map(issueSummary)).to.deep.equal(['error too-costly']);
  });

  it('bundle.html — Bundles in entry.resource 500 deep are one too-costly error', function () {
    expect(validator.validate(nestedBundles(500)).map(issueSummary)).to.deep.equal(['error too-costly']);
  });

  it('json.html — 256 levels are validated by every layer', function () {
    expect(validator.validate(nestedParameters(126)).map(issueSummary)).to.deep.equal([]);
    expect(validator.validate(nestedParameters(127)).map(issueSummary)).to.deep.equal(['error too-costly']);
    expect(validator.validate(nestedBundles(85)).map(issueSummary)).to.deep.equal([]);
    const extensions = validator.validate(nestedExtensions(126));
    expect(extensions.every((issue) => issue.code === 'extension' || issue.code === 'informational')).to.equal(true);
  });

  it('operationoutcome.html — 100,000 bad telecoms: 100 issues and a count, in linear time', function () {
    const telecom = Array.from({ length: 100_000 }, () => ({ system: 'bogusI', value: 'x' }));
    const issues = validator.validate({ resourceType: 'Patient', telecom });
    expect(issues).to.have.length(101);
    expect(issueSummary(issues[99] as OperationOutcomeIssue)).to.equal('error value @ Patient.telecom[99].system');
    expect(issues[100]?.diagnostics).to.equal('99900 further issue(s) suppressed; the first 100 are listed');
  });
});
