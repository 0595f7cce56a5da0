import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { SchemaValidator } from './schema-validator.js';

const summary = (issue: OperationOutcomeIssue): string =>
  `${issue.code} @ ${issue.expression?.join(',') ?? ''}: ${issue.diagnostics ?? ''}`;
const issuesOf = (resource: unknown): string[] => SchemaValidator.shared().validate(resource).map(summary);
const NOT_A_DAY = 'Value is not a valid calendar date (datatypes.html#date)';

describe('datatypes.html#date — dates SHALL be valid dates', function () {
  before(function () {
    this.timeout(30_000);
    SchemaValidator.shared();
  });

  it('refuses days the month does not have (datatypes.html#date)', function () {
    for (const birthDate of ['2019-02-29', '2021-04-31', '1900-02-29', '2023-06-31']) {
      expect(issuesOf({ resourceType: 'Patient', birthDate }), birthDate).to.deep.equal([
        `value @ Patient.birthDate: ${NOT_A_DAY}`,
      ]);
    }
  });

  it('accepts leap days of leap years and partial dates (datatypes.html#date)', function () {
    for (const birthDate of ['2000-02-29', '2024-02-29', '2021-04-30', '2019-02', '2019', '2021-12-31']) {
      expect(issuesOf({ resourceType: 'Patient', birthDate }), birthDate).to.deep.equal([]);
    }
  });

  it('refuses them in dateTime and instant too, inline choice types included (datatypes.html#dateTime, #instant)', function () {
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'a' },
      effectiveDateTime: '2019-02-29T10:00:00Z',
      issued: '2021-04-31T10:00:00Z',
    };
    expect(issuesOf(observation)).to.deep.equal([
      `value @ Observation.effectiveDateTime: ${NOT_A_DAY}`,
      `value @ Observation.issued: ${NOT_A_DAY}`,
    ]);
  });

  it('refuses them in FHIRPath Patch values (fhirpatch.html)', function () {
    const patch = {
      resourceType: 'Parameters',
      parameter: [{ name: 'operation', part: [{ name: 'value', valueDate: '2019-02-29' }] }],
    };
    expect(issuesOf(patch)).to.deep.equal([`value @ Parameters.parameter[0].part[0].valueDate: ${NOT_A_DAY}`]);
  });
});

describe('datatypes.html#string — strings are Unicode; ids say their form', function () {
  it('refuses a lone surrogate, accepts a surrogate pair (datatypes.html#string)', function () {
    expect(issuesOf({ resourceType: 'Patient', name: [{ family: '\ud800' }] })).to.deep.equal([
      'value @ Patient.name[0].family: Value is not a valid FHIR string',
    ]);
    expect(issuesOf({ resourceType: 'Patient', name: [{ family: 'a\udc00b' }] })).to.have.length(1);
    expect(issuesOf({ resourceType: 'Patient', name: [{ family: 'smile \ud83d\ude00' }] })).to.deep.equal([]);
  });

  it('names the id form, for contained resources too (datatypes.html#id)', function () {
    const long = 'a'.repeat(65);
    expect(issuesOf({ resourceType: 'Patient', contained: [{ resourceType: 'Patient', id: long }] })).to.deep.equal([
      'value @ Patient.contained[0].id: Value is not a valid FHIR id: up to 64 of A-Z a-z 0-9 - .',
    ]);
  });
});
