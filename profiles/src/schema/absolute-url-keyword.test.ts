import { expect } from 'chai';
import { SchemaValidator } from './schema-validator.js';

const issuesOf = (resource: unknown): string[] =>
  SchemaValidator.shared()
    .validate(resource)
    .map((issue) => `${issue.code} @ ${issue.expression?.join(',') ?? ''}`);

describe('extensibility.html#Extension — url SHALL be an absolute URL', function () {
  before(function () {
    this.timeout(30_000);
    SchemaValidator.shared();
  });

  it('refuses a relative url on extensions and modifier extensions of any element (extensibility.html#Extension)', function () {
    const patient = {
      resourceType: 'Patient',
      extension: [{ url: 'race', valueString: 'a' }],
      modifierExtension: [{ url: '#x', valueString: 'a' }],
      name: [{ family: 'a', extension: [{ url: 'b/c', valueString: 'd' }] }],
      _birthDate: { extension: [{ url: 'time', valueTime: '10:00:00' }] },
      birthDate: '2000-01-01',
    };
    expect(issuesOf(patient)).to.deep.equal([
      'value @ Patient.extension[0].url',
      'value @ Patient.modifierExtension[0].url',
      'value @ Patient.name[0].extension[0].url',
      'value @ Patient.birthDate.extension[0].url',
    ]);
  });

  it('accepts http(s) and urn urls, and the bare names complex extensions use inside (extensibility.html#Extension)', function () {
    const patient = {
      resourceType: 'Patient',
      extension: [
        { url: 'urn:oid:1.2.3', valueString: 'a' },
        {
          url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
          extension: [
            { url: 'ombCategory', valueCoding: { code: '2106-3' } },
            { url: 'text', valueString: 'White' },
          ],
        },
      ],
    };
    expect(issuesOf(patient)).to.deep.equal([]);
  });
});
