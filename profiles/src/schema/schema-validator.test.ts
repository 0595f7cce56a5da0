import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { SchemaValidator } from './schema-validator.js';

/** Values no diagnostics may repeat: resource content is PHI. */
const SECRET = 'Zq-secret-7';

interface Case {
  readonly name: string;
  readonly resource: unknown;
  /** Exactly the issues expected, as `code @ expression` (`code` alone when there is no expression). */
  readonly expected: readonly string[];
}

const patient = (fields: Record<string, unknown>): Record<string, unknown> => ({ resourceType: 'Patient', ...fields });
const inBundle = (...resources: unknown[]): Record<string, unknown> => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource) => ({ fullUrl: 'urn:uuid:7d1c1c1e-7e50-4d1b-9a3c-0a0a0a0a0a0a', resource })),
});

const invalid: readonly Case[] = [
  {
    name: 'unknown property at the root',
    resource: patient({ nickname: SECRET }),
    expected: ['structure @ Patient.nickname'],
  },
  {
    name: 'unknown property whose name is no FHIRPath identifier',
    resource: patient({ 'x-y': 1 }),
    expected: ['structure @ Patient.`x-y`'],
  },
  {
    name: 'unknown property in a datatype',
    resource: patient({ name: [{ family: 'X', nickname: SECRET }] }),
    expected: ['structure @ Patient.name[0].nickname'],
  },
  {
    name: 'number where a string is expected',
    resource: patient({ name: [{ given: ['A', 3] }] }),
    expected: ['structure @ Patient.name[0].given[1]'],
  },
  {
    name: 'string where a boolean is expected',
    resource: patient({ active: 'true' }),
    expected: ['structure @ Patient.active'],
  },
  {
    name: 'string where a decimal is expected',
    resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: '5.0' } },
    expected: ['structure @ Observation.valueQuantity.value'],
  },
  {
    name: 'impossible month in a date',
    resource: patient({ birthDate: '1990-13-01' }),
    expected: ['value @ Patient.birthDate'],
  },
  {
    name: 'dateTime where a date is expected',
    resource: patient({ birthDate: '1990-01-01T00:00:00Z' }),
    expected: ['value @ Patient.birthDate'],
  },
  {
    name: 'instant without a time zone',
    resource: patient({ meta: { lastUpdated: '2020-01-01T10:00:00' } }),
    expected: ['value @ Patient.meta.lastUpdated'],
  },
  {
    name: 'gender code outside the value set',
    resource: patient({ gender: 'M' }),
    expected: ['value @ Patient.gender'],
  },
  { name: 'gender as a number', resource: patient({ gender: 1 }), expected: ['structure @ Patient.gender'] },
  { name: 'id with a space', resource: patient({ id: 'a b' }), expected: ['value @ Patient.id'] },
  {
    name: 'code with a double space',
    resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ code: 'a  b' }] } },
    expected: ['value @ Observation.code.coding[0].code'],
  },
  {
    name: 'empty string against the string pattern',
    resource: patient({ name: [{ family: '' }] }),
    expected: ['value @ Patient.name[0].family'],
  },
  {
    name: 'array where a single value is expected',
    resource: patient({ birthDate: ['1990'] }),
    expected: ['structure @ Patient.birthDate'],
  },
  {
    name: 'single object where an array is expected',
    resource: patient({ name: { family: 'X' } }),
    expected: ['structure @ Patient.name'],
  },
  { name: 'null for a primitive', resource: patient({ birthDate: null }), expected: ['structure @ Patient.birthDate'] },
  { name: 'null inside an array', resource: patient({ name: [null] }), expected: ['structure @ Patient.name[0]'] },
  {
    name: 'string where a complex type is expected',
    resource: patient({ managingOrganization: 'Organization/1' }),
    expected: ['structure @ Patient.managingOrganization'],
  },
  {
    name: 'null for a primitive extension',
    resource: patient({ _birthDate: null }),
    expected: ['structure @ Patient.birthDate'],
  },
  {
    name: 'primitive extension that is not an object',
    resource: patient({ _birthDate: 'x' }),
    expected: ['structure @ Patient.birthDate'],
  },
  {
    name: 'missing required element',
    resource: { resourceType: 'Observation', status: 'final' },
    expected: ['required @ Observation.code'],
  },
  { name: 'missing resourceType', resource: { id: 'x' }, expected: ['required'] },
  { name: 'unknown resourceType', resource: { resourceType: SECRET }, expected: ['value'] },
  { name: 'resourceType that is not a string', resource: { resourceType: 7 }, expected: ['value'] },
  { name: 'a Medplum resource type is not R4', resource: { resourceType: 'Project', name: 'x' }, expected: ['value'] },
  {
    name: 'a Medplum addition to Meta is not R4',
    resource: patient({ meta: { project: 'p' } }),
    expected: ['structure @ Patient.meta.project'],
  },
  {
    name: 'a Medplum addition to Reference is not R4',
    resource: patient({ managingOrganization: { resource: {} } }),
    expected: ['structure @ Patient.managingOrganization.resource'],
  },
  { name: 'top-level array', resource: [patient({})], expected: ['structure'] },
  { name: 'top-level string', resource: SECRET, expected: ['structure'] },
  { name: 'top-level null', resource: null, expected: ['structure'] },
  {
    name: 'bad code in a Bundle entry',
    resource: inBundle(patient({}), patient({}), patient({ gender: SECRET })),
    expected: ['value @ Bundle.entry[2].resource.gender'],
  },
  {
    name: 'unknown property in a Bundle entry',
    resource: inBundle(patient({ foo: 1 })),
    expected: ['structure @ Bundle.entry[0].resource.foo'],
  },
  {
    name: 'Bundle entry without resourceType',
    resource: inBundle({ id: 'x' }),
    expected: ['required @ Bundle.entry[0].resource'],
  },
  {
    name: 'Bundle entry with an unknown resourceType',
    resource: inBundle({ resourceType: 'Foo' }),
    expected: ['value @ Bundle.entry[0].resource'],
  },
  {
    name: 'Bundle entry resource that is a string',
    resource: inBundle(SECRET),
    expected: ['structure @ Bundle.entry[0].resource'],
  },
  {
    name: 'errors in two Bundle entries',
    resource: inBundle(patient({ active: 1 }), { resourceType: 'Observation', status: 'final' }),
    expected: ['structure @ Bundle.entry[0].resource.active', 'required @ Bundle.entry[1].resource.code'],
  },
  {
    name: 'bad date in a contained resource',
    resource: patient({ contained: [{ resourceType: 'Practitioner', birthDate: '19900101' }] }),
    expected: ['value @ Patient.contained[0].birthDate'],
  },
  {
    name: 'contained resource inside a Bundle entry',
    resource: inBundle(patient({ contained: [{ resourceType: 'Patient', gender: SECRET }] })),
    expected: ['value @ Bundle.entry[0].resource.contained[0].gender'],
  },
  {
    name: 'resource in Parameters.parameter',
    resource: { resourceType: 'Parameters', parameter: [{ name: 'p', resource: patient({ deceasedBoolean: 'no' }) }] },
    expected: ['structure @ Parameters.parameter[0].resource.deceasedBoolean'],
  },
  {
    name: 'a decimal where an integer choice is expected (JSON Schema ignores pattern on numbers)',
    resource: patient({ multipleBirthInteger: 1.5 }),
    expected: ['structure @ Patient.multipleBirthInteger'],
  },
  {
    name: 'a negative unsignedInt',
    resource: patient({ photo: [{ size: -1 }] }),
    expected: ['invalid @ Patient.photo[0].size'],
  },
  {
    name: 'an empty array (json.html#arrays: arrays SHALL NOT be empty)',
    resource: patient({ name: [] }),
    expected: ['invalid @ Patient.name'],
  },
  {
    name: 'a control character in a string (datatypes.html#string: none below 32 but tab, CR, LF)',
    resource: patient({ name: [{ given: ['Frame\u000bMSH'] }] }),
    expected: ['value @ Patient.name[0].given[0]'],
  },
];

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['a minimal Patient', patient({})],
  [
    'extensions on canonical primitives, the schema leaves out their `_` twin (json.html#primitive)',
    {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      _questionnaire: { extension: [{ url: 'http://example.org/x', valueString: 'y' }] },
      meta: { profile: ['http://example.org/p', null], _profile: [null, { id: 'p2' }] },
    },
  ],
  ['a string with a no-break space (XML Schema \\s excludes U+00A0)', patient({ name: [{ family: 'Van\u00a0Dyke' }] })],
  ['a whitespace-only string (the R4 regex allows it)', patient({ name: [{ family: ' ' }] })],
  ['tab, CR and LF in a string', patient({ name: [{ text: 'a\tb\r\nc' }] })],
  ['a partial date', patient({ birthDate: '1990-04' })],
  [
    'a primitive with its extension',
    patient({ birthDate: '1990', _birthDate: { extension: [{ url: 'http://x.org/e', valueString: 'y' }] } }),
  ],
  [
    'null for repeats without extensions in a _name array',
    patient({ name: [{ given: ['A', 'B'], _given: [null, { id: 'g2' }] }] }),
  ],
  ['nested Bundles', inBundle(inBundle(patient({ gender: 'female' })))],
];

const summary = (issue: OperationOutcomeIssue): string =>
  issue.expression ? `${issue.code} @ ${issue.expression.join(',')}` : issue.code;

describe('SchemaValidator', function () {
  let validator: SchemaValidator;
  before(function () {
    this.timeout(30_000);
    validator = SchemaValidator.shared();
  });

  it('knows exactly the 146 R4 resource types', function () {
    expect(validator.resourceTypes.size).to.equal(146);
    expect(validator.isResourceType('Patient')).to.equal(true);
    expect(validator.isResourceType('Resource')).to.equal(false);
    expect(validator.isResourceType('Project')).to.equal(false);
    expect(validator.isResourceType('SubscriptionStatus')).to.equal(false);
  });

  it('shared() compiles once and returns the same validator', function () {
    expect(SchemaValidator.shared()).to.equal(validator);
  });

  describe('rejects', function () {
    for (const { name, resource, expected } of invalid) {
      it(name, function () {
        const issues = validator.validate(resource);
        expect(issues.map(summary)).to.deep.equal(expected);
        for (const issue of issues) {
          expect(issue.severity).to.equal('error');
          expect(issue.diagnostics).to.be.a('string').and.not.include(SECRET);
        }
      });
    }
  });

  describe('accepts', function () {
    for (const [name, resource] of valid) {
      it(name, function () {
        expect(validator.validate(resource)).to.deep.equal([]);
      });
    }
  });

  it('lists at most 100 issues and says how many more there were', function () {
    const issues = validator.validate(patient(Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`x${i}`, i]))));
    expect(issues).to.have.length(101);
    expect(issues.slice(0, 100).every((issue) => issue.code === 'structure')).to.equal(true);
    expect(issues[100]).to.include({ severity: 'information', code: 'informational' });
    expect(issues[100]?.diagnostics).to.include('30 further');
  });
});
