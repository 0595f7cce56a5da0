import { expect } from 'chai';
import { fhirPathExpression } from './fhir-path-expression.js';

describe('fhirPathExpression', function () {
  const patient = { resourceType: 'Patient', name: [{ given: ['A', 'B'] }], '0': { x: 1 } };

  it('writes array positions as indexes and properties as names', function () {
    expect(fhirPathExpression(patient, ['name', '0', 'given', '1'])).to.equal('Patient.name[0].given[1]');
  });

  it('treats a numeric segment on an object as a property, delimited', function () {
    expect(fhirPathExpression(patient, ['0', 'x'])).to.equal('Patient.`0`.x');
  });

  it('names the root alone for an empty path, and follows missing properties', function () {
    expect(fhirPathExpression(patient, [])).to.equal('Patient');
    expect(fhirPathExpression(patient, ['birthDate'])).to.equal('Patient.birthDate');
  });

  it('a primitive’s _name twin is the primitive; an unknown property is named as sent (json.html#primitive, operationoutcome.html)', function () {
    const twins = { resourceType: 'Patient', name: [{ _given: [null, { extension: [{}] }] }] };
    expect(fhirPathExpression(twins, ['name', '0', '_given', '1', 'extension', '0'])).to.equal(
      'Patient.name[0].given[1].extension[0]',
    );
    expect(fhirPathExpression(twins, ['_birthDate'])).to.equal('Patient.birthDate');
    expect(fhirPathExpression(twins, [], '_name')).to.equal('Patient._name');
  });

  it('escapes backticks in delimited names', function () {
    expect(fhirPathExpression(patient, ['a`b'])).to.equal('Patient.`a\\`b`');
  });

  it('has no expression when the root names no resource type', function () {
    expect(fhirPathExpression({ id: 'x' }, ['id'])).to.equal(undefined);
    expect(fhirPathExpression([1], ['0'])).to.equal(undefined);
  });
});
