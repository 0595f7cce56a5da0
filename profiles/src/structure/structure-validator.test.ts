import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { LayeredDefinitions, profileOf } from '../test-support/layered-definitions.js';
import { StructureValidator, type StructureValidationOptions } from './structure-validator.js';

/** Submitted content is PHI: no diagnostic may repeat it. */
const SECRET = 'Zq-secret-7';

const PROFILE = 'http://example.org/fhir/StructureDefinition/strict-patient';
const strictPatient = profileOf('Patient', PROFILE, {
  'Patient.identifier': { min: 1 },
  'Patient.name': { max: '1' },
  'Patient.photo': { max: '0' },
  'Patient.deceased[x]': { type: [{ code: 'boolean' }] },
});

const validator = new StructureValidator(new LayeredDefinitions([strictPatient]));

const summary = (issue: OperationOutcomeIssue): string =>
  `${issue.severity === 'error' ? '' : `${issue.severity} `}${issue.code} @ ${issue.expression?.join(',') ?? ''}`;

/** Exactly the issues expected, in any order, as `[severity ]code @ expression` (error is implied). */
function expectIssues(resource: unknown, expected: readonly string[], options?: StructureValidationOptions): void {
  const issues = validator.validate(resource, options);
  expect(issues.map(summary).sort()).to.deep.equal([...expected].sort());
  for (const issue of issues) expect(issue.diagnostics ?? '').not.to.include(SECRET);
}

const patient = (fields: Record<string, unknown>): Record<string, unknown> => ({ resourceType: 'Patient', ...fields });
const observation = (fields: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: SECRET },
  ...fields,
});

describe('elementdefinition.html — elements the definition does not know', function () {
  it('an unknown property at the root and in a datatype is a structure error', function () {
    expectIssues(patient({ nickname: SECRET, name: [{ family: SECRET, nick: SECRET }] }), [
      'structure @ Patient.nickname',
      'structure @ Patient.name[0].nick',
    ]);
  });
  it('a name that is no FHIRPath identifier is quoted (fhirpath.html#identifiers)', function () {
    expectIssues(patient({ 'x-y': 1 }), ['structure @ Patient.`x-y`']);
  });
  it('a backbone element is walked by its own children', function () {
    expectIssues(patient({ contact: [{ gender: 'male', shoe: 1 }] }), ['structure @ Patient.contact[0].shoe']);
  });
  it('a _name twin of a complex element is unknown (json.html#primitive)', function () {
    expectIssues(patient({ _name: [{ id: 'n' }] }), ['structure @ Patient._name']);
  });
});

describe('profiling.html#cardinality', function () {
  it('a missing required element is `required` at its path', function () {
    expectIssues({ resourceType: 'Observation', status: 'final' }, ['required @ Observation.code']);
  });
  it('a required element present only as _name counts (json.html#primitive)', function () {
    const resource = {
      resourceType: 'Observation',
      code: { text: 'x' },
      _status: { extension: [{ url: 'http://x.org/e', valueCode: 'x' }] },
    };
    expectIssues(resource, ['warning extension @ Observation.status.extension[0]']);
  });
  it('a profile narrows min, max and prohibits elements', function () {
    const resource = patient({ name: [{ family: 'A' }, { family: 'B' }], photo: [{ title: 'x' }] });
    expectIssues(resource, ['required @ Patient.identifier', 'structure @ Patient.name', 'structure @ Patient.photo'], {
      profiles: [PROFILE],
    });
  });
  it('in a nested backbone element and inside a contentReference (elementdefinition.html#contentReference)', function () {
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'draft',
      item: [{ linkId: '1', type: 'group', item: [{ type: 'string' }] }],
    };
    expectIssues(questionnaire, ['required @ Questionnaire.item[0].item[0].linkId']);
  });
});

describe('formats.html#choice — choice elements', function () {
  it('a type suffix the element allows is walked by that type', function () {
    expectIssues(observation({ valueQuantity: { value: 'x' } }), ['structure @ Observation.valueQuantity.value']);
  });
  it('two types of one choice element: only one may be present', function () {
    expectIssues(observation({ valueString: SECRET, valueBoolean: true }), ['structure @ Observation.valueBoolean']);
  });
  it('a type the element does not allow', function () {
    expectIssues(observation({ valueUri: 'http://x' }), ['structure @ Observation.valueUri']);
  });
  it('a type a profile removed from the choice', function () {
    expectIssues(
      patient({ identifier: [{ value: 'a' }], deceasedDateTime: '2020' }),
      ['structure @ Patient.deceasedDateTime'],
      {
        profiles: [PROFILE],
      },
    );
  });
});

describe('datatypes.html#primitive — primitive values', function () {
  it('JSON types: string, boolean, number (json.html#primitive)', function () {
    expectIssues(patient({ active: 'true', gender: 1, multipleBirthInteger: 1.5, name: [{ given: [SECRET, 3] }] }), [
      'structure @ Patient.active',
      'structure @ Patient.gender',
      'structure @ Patient.multipleBirthInteger',
      'structure @ Patient.name[0].given[1]',
    ]);
  });
  it('the regex of the type’s StructureDefinition (date, dateTime, instant, id, code, uri)', function () {
    const resource = observation({
      effectiveDateTime: '2020-01-01T10:00',
      issued: '2020-01-01',
      code: { coding: [{ code: 'a  b', system: 'has space' }] },
      specimen: { reference: 'Specimen/1' },
      contained: [{ resourceType: 'Patient', id: 'bad id!', birthDate: '1990-13' }],
    });
    expectIssues(resource, [
      'value @ Observation.contained[0].birthDate',
      'value @ Observation.code.coding[0].system',
      'value @ Observation.code.coding[0].code',
      'value @ Observation.effectiveDateTime',
      'value @ Observation.issued',
    ]);
  });
  it('XML Schema whitespace: a no-break space is a valid string, a control character is not (datatypes.html#string)', function () {
    expectIssues(patient({ name: [{ family: 'Van\u00a0Dyke', given: ['A\u000bB'] }] }), [
      'value @ Patient.name[0].given[0]',
    ]);
  });
  it('integer ranges: positiveInt, unsignedInt, integer', function () {
    const resource = patient({ photo: [{ size: -1 }], multipleBirthInteger: 2 ** 31 });
    expectIssues(resource, ['value @ Patient.multipleBirthInteger', 'value @ Patient.photo[0].size']);
  });
  it('an empty string is no value (json.html#primitive)', function () {
    expectIssues(patient({ gender: '' }), ['value @ Patient.gender']);
  });
});

describe('json.html#primitive — _name extensions and null', function () {
  it('_name holds id and extensions, walked as such', function () {
    expectIssues(patient({ birthDate: '1990', _birthDate: { id: 'b', value: SECRET } }), [
      'structure @ Patient.birthDate.value',
    ]);
  });
  it('null pairs with a value in the twin array, and nowhere else', function () {
    expectIssues(patient({ name: [{ given: ['A', null], _given: [null, { id: 'g' }] }] }), []);
    expectIssues(patient({ name: [{ given: ['A', null] }] }), ['structure @ Patient.name[0].given[1]']);
    expectIssues(patient({ name: [{ given: ['A'], _given: [null, { id: 'g' }] }] }), [
      'structure @ Patient.name[0].given',
    ]);
    expectIssues(patient({ birthDate: null }), ['structure @ Patient.birthDate']);
  });
  it('empty arrays (json.html#arrays) and empty objects (ele-1) are not allowed', function () {
    expectIssues(patient({ name: [], maritalStatus: {} }), [
      'invalid @ Patient.name',
      'invariant @ Patient.maritalStatus',
    ]);
  });
  it('an array where one value belongs, and one value where an array belongs', function () {
    expectIssues(patient({ birthDate: ['1990'], name: { family: 'X' } }), [
      'structure @ Patient.birthDate',
      'structure @ Patient.name',
    ]);
  });
});
