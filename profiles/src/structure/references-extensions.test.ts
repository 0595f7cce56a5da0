import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { LayeredDefinitions, profileOf } from '../test-support/layered-definitions.js';
import { StructureValidator, type StructureValidationOptions } from './structure-validator.js';

const PROFILE = 'http://example.org/fhir/StructureDefinition/active-patient';
const validator = new StructureValidator(
  new LayeredDefinitions([profileOf('Patient', PROFILE, { 'Patient.active': { min: 1 } })]),
);

const summary = (issue: OperationOutcomeIssue): string =>
  `${issue.severity === 'error' ? '' : `${issue.severity} `}${issue.code} @ ${issue.expression?.join(',') ?? ''}`;

function expectIssues(resource: unknown, expected: readonly string[], options?: StructureValidationOptions): void {
  expect(validator.validate(resource, options).map(summary).sort()).to.deep.equal([...expected].sort());
}

const NATIONALITY = 'http://hl7.org/fhir/StructureDefinition/patient-nationality';
const NAME_PROFILE = 'http://example.org/fhir/StructureDefinition/name-patient';
const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';

describe('references.html#contained — contained resources and #id references', function () {
  it('a contained resource is walked against its own type', function () {
    expectIssues({ resourceType: 'Patient', contained: [{ resourceType: 'Practitioner', id: 'p', shoe: 1 }] }, [
      'structure @ Patient.contained[0].shoe',
    ]);
  });
  it('#id resolves to a contained resource; an unknown id is not-found; # alone is the container', function () {
    const resource = {
      resourceType: 'Patient',
      contained: [{ resourceType: 'Organization', id: 'org' }],
      managingOrganization: { reference: '#org' },
      generalPractitioner: [{ reference: '#gone' }],
      link: [{ other: { reference: '#' }, type: 'seealso' }],
    };
    expectIssues(resource, ['not-found @ Patient.generalPractitioner[0].reference']);
  });
  it('contained resources refer to each other through their container', function () {
    const resource = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: '#p' },
      contained: [
        { resourceType: 'Patient', id: 'p', managingOrganization: { reference: '#o' } },
        { resourceType: 'Organization', id: 'o' },
      ],
    };
    expectIssues(resource, []);
  });
});

describe('references.html — reference target types (targetProfile)', function () {
  it('a literal, absolute or contained reference to a type the element does not allow', function () {
    const resource = {
      resourceType: 'Patient',
      managingOrganization: { reference: 'Practitioner/1' },
      generalPractitioner: [{ reference: 'https://x.org/fhir/Patient/2/_history/3' }, { reference: '#o' }],
      contained: [{ resourceType: 'Organization', id: 'o' }],
    };
    expectIssues(resource, [
      'structure @ Patient.managingOrganization.reference',
      'structure @ Patient.generalPractitioner[0].reference',
    ]);
  });
  it('Reference.type must be an allowed type; urn:uuid is checked through the Bundle entries (bundle.html#references)', function () {
    const uuid = 'urn:uuid:0b8b1d36-2a7e-4a61-9b6f-0a0a0a0a0a0a';
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: uuid, resource: { resourceType: 'Device' } },
        { resource: { resourceType: 'Patient', managingOrganization: { reference: uuid, type: 'Device' } } },
      ],
    };
    expectIssues(bundle, [
      'structure @ Bundle.entry[1].resource.managingOrganization.reference',
      'structure @ Bundle.entry[1].resource.managingOrganization.type',
    ]);
  });
  it('a relative literal reference whose type segment is no resource type (references.html#literal)', function () {
    expectIssues({ resourceType: 'Patient', managingOrganization: { reference: 'Organizatio/1' } }, [
      'value @ Patient.managingOrganization.reference',
    ]);
    const elsewhere = [
      'https://x.org/fhir/Organizatio/1',
      'urn:uuid:0b8b1d36-2a7e-4a61-9b6f-0a0a0a0a0a0a',
      '#',
      'Organization?identifier=a|b',
    ];
    for (const reference of elsewhere)
      expectIssues({ resourceType: 'Patient', managingOrganization: { reference } }, []);
  });
  it('a reference whose type cannot be told (urn:oid, logical) is left alone', function () {
    expectIssues({ resourceType: 'Patient', managingOrganization: { reference: 'urn:oid:1.2.3' } }, []);
  });
});

describe('extensibility.html — extensions by url', function () {
  it('a known extension is walked against its definition: value type and parts (complex extensions)', function () {
    const resource = {
      resourceType: 'Patient',
      extension: [
        {
          url: NATIONALITY,
          extension: [
            { url: 'code', valueString: 'x' },
            { url: 'period', valuePeriod: { start: '2020' } },
          ],
        },
      ],
    };
    expectIssues(resource, ['structure @ Patient.extension[0].extension[0].valueString']);
  });
  it('a primitive’s extension has the primitive element as its context (defining-extensions.html#context)', function () {
    expectIssues(
      {
        resourceType: 'Patient',
        birthDate: '1990',
        _birthDate: { extension: [{ url: BIRTH_TIME, valueDateTime: '1990' }] },
      },
      [],
    );
    expectIssues({ resourceType: 'Patient', extension: [{ url: BIRTH_TIME, valueDateTime: '1990' }] }, [
      'structure @ Patient.extension[0]',
    ]);
  });
  it('a context names the element within its datatype: HumanName.given on a profile’s Patient.name.given (defining-extensions.html#context)', function () {
    const given = {
      id: 'Patient.name.given',
      path: 'Patient.name.given',
      min: 0,
      max: '*',
      base: { path: 'HumanName.given', min: 0, max: '*' },
      type: [{ code: 'string' }],
    };
    const nameProfile = new StructureValidator(
      new LayeredDefinitions([profileOf('Patient', NAME_PROFILE, {}, [{ after: 'Patient.name', element: given }])]),
    );
    const qualifier = { url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier', valueCode: 'BR' };
    const patient = {
      resourceType: 'Patient',
      name: [{ given: ['A'], _given: [{ extension: [qualifier] }] }],
    };
    expect(nameProfile.validate(patient, { profiles: [NAME_PROFILE] }).map(summary)).to.deep.equal([]);
    const misplaced = { resourceType: 'Patient', gender: 'male', _gender: { extension: [qualifier] } };
    expect(nameProfile.validate(misplaced, { profiles: [NAME_PROFILE] }).map(summary)).to.deep.equal([
      'structure @ Patient.gender.extension[0]',
    ]);
  });
  it('a primitive’s extensions are at the primitive in FHIRPath, not at _name (operationoutcome.html: issue.expression)', function () {
    const unknown = { url: 'http://x.org/e', valueString: 'x' };
    expectIssues({ resourceType: 'Patient', birthDate: '1990', _birthDate: { extension: [unknown] } }, [
      'warning extension @ Patient.birthDate.extension[0]',
    ]);
    const name = { given: ['A', 'B'], _given: [null, { extension: [unknown] }] };
    expectIssues({ resourceType: 'Patient', name: [name] }, [
      'warning extension @ Patient.name[0].given[1].extension[0]',
    ]);
  });
  it('a modifier extension belongs in modifierExtension, and only there (extensibility.html#modifierExtension)', function () {
    const maidenName = { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'x' };
    expectIssues({ resourceType: 'Patient', modifierExtension: [maidenName] }, [
      'structure @ Patient.modifierExtension[0]',
    ]);
  });
  it('unknown extensions: warning by default, or per the configured rule; their parts are not reported again', function () {
    const resource = {
      resourceType: 'Patient',
      extension: [{ url: 'http://x.org/e', extension: [{ url: 'part', valueString: 'x' }] }],
    };
    expectIssues(resource, ['warning extension @ Patient.extension[0]']);
    expectIssues(resource, ['extension @ Patient.extension[0]'], { unknownExtensions: 'error' });
    expectIssues(resource, [], { unknownExtensions: 'ignore' });
  });
  it('an unknown modifier extension is an error whatever the rule (extensibility.html#modifierExtension)', function () {
    const resource = { resourceType: 'Patient', modifierExtension: [{ url: 'http://x.org/m', valueBoolean: true }] };
    expectIssues(resource, ['extension @ Patient.modifierExtension[0]'], { unknownExtensions: 'ignore' });
  });
  it('an unknown extension is still walked as an Extension', function () {
    expectIssues({ resourceType: 'Patient', extension: [{ url: 'http://x.org/e', valueFoo: 1 }] }, [
      'warning extension @ Patient.extension[0]',
      'structure @ Patient.extension[0].valueFoo',
    ]);
  });
  it('an extension without url', function () {
    expectIssues({ resourceType: 'Patient', extension: [{ valueString: 'x' }] }, [
      'required @ Patient.extension[0].url',
    ]);
  });
});

describe('bundle.html — nested resources against their own type', function () {
  it('Bundle.entry.resource and Parameters.parameter.resource', function () {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', shoe: 1 } }],
    };
    expectIssues(bundle, ['structure @ Bundle.entry[0].resource.shoe']);
    const parameters = {
      resourceType: 'Parameters',
      parameter: [{ name: 'p', resource: { resourceType: 'Observation' } }],
    };
    expectIssues(parameters, [
      'required @ Parameters.parameter[0].resource.status',
      'required @ Parameters.parameter[0].resource.code',
    ]);
  });
});

describe('profiling.html — meta.profile claims and required profiles', function () {
  const claims = (profile: string): Record<string, unknown> => ({
    resourceType: 'Patient',
    meta: { profile: [profile] },
  });
  it('a claimed profile is checked in profiles mode only', function () {
    expectIssues(claims(PROFILE), ['required @ Patient.active']);
    expectIssues(claims(PROFILE), [], { mode: 'base' });
  });
  it('an unknown claimed profile is a warning not-found; an unknown required one an error', function () {
    expectIssues(claims('http://x.org/unknown'), ['warning not-found @ Patient.meta.profile[0]']);
    expectIssues({ resourceType: 'Patient' }, ['not-found @ Patient'], { profiles: ['http://x.org/unknown'] });
  });
  it('required profiles per resource type, also in Bundle entries claiming them', function () {
    expectIssues({ resourceType: 'Patient' }, ['required @ Patient.active'], {
      requiredProfiles: { Patient: [PROFILE] },
    });
    expectIssues({ resourceType: 'Organization' }, [], { requiredProfiles: { Patient: [PROFILE] } });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: claims(PROFILE) }] };
    expectIssues(bundle, ['required @ Bundle.entry[0].resource.active']);
  });
  it('a profile of another type', function () {
    expectIssues({ resourceType: 'Organization' }, ['structure @ Organization'], { profiles: [PROFILE] });
  });
});

describe('references.html — target types follow the definitions registered since', function () {
  it('a targetProfile unknown at first (any type) restricts the targets once it is registered', function () {
    const LATE_PROFILE = 'http://example.org/fhir/StructureDefinition/late-practitioner';
    const source = new LayeredDefinitions([
      profileOf('Patient', PROFILE, {
        'Patient.generalPractitioner': { type: [{ code: 'Reference', targetProfile: [LATE_PROFILE] }] },
      }),
    ]);
    const late = new StructureValidator({
      get revision() {
        return source.revision;
      },
      structureDefinition: (url) =>
        url === LATE_PROFILE && source.revision > 0
          ? profileOf('Practitioner', LATE_PROFILE, {})
          : source.structureDefinition(url),
    });
    const resource = { resourceType: 'Patient', generalPractitioner: [{ reference: 'Organization/1' }] };
    expect(late.validate(resource, { profiles: [PROFILE] }).map(summary)).to.deep.equal([]);
    source.revision += 1;
    expect(late.validate(resource, { profiles: [PROFILE] }).map(summary)).to.deep.equal([
      'structure @ Patient.generalPractitioner[0].reference',
    ]);
  });
});
