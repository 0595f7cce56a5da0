import { expect } from 'chai';
import { ProfileValidator } from '../profile-validator.js';

const NEXUS_PATIENT = 'http://nexushealth.org/fhir/StructureDefinition/nexus-patient';

describe('profiles/definitions — the NexusHealth Patient profile (profiling.html)', function () {
  const validator = ProfileValidator.shared();
  const errors = (resource: unknown): unknown[] =>
    validator
      .validate(resource, { profiles: [NEXUS_PATIENT] })
      .filter((issue) => issue.severity === 'error')
      .map((issue) => [issue.code, issue.expression]);

  it('is in the process-wide registry with a generated snapshot', function () {
    const sd = validator.definitions.structureDefinition(NEXUS_PATIENT);
    expect(sd?.snapshot?.element?.find((e) => e.id === 'Patient.identifier.system')?.min).to.equal(1);
  });

  it('accepts a Patient with an identifier that has system and value', function () {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:oid:1.2.36.146.595.217.0.1', value: '12345' }],
    };
    expect(errors(patient)).to.deep.equal([]);
  });

  it('requires an identifier, and system and value in each (elementdefinition.html#ElementDefinition.min)', function () {
    expect(errors({ resourceType: 'Patient', name: [{ family: 'Chalmers' }] })).to.deep.equal([
      ['required', ['Patient.identifier']],
    ]);
    expect(errors({ resourceType: 'Patient', identifier: [{ value: '12345' }, { system: 'urn:x' }] })).to.deep.equal([
      ['required', ['Patient.identifier[0].system']],
      ['required', ['Patient.identifier[1].value']],
    ]);
  });
});
