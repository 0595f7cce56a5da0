import { describe, it } from 'mocha';
import { expect } from 'chai';
import { compileExpression, narrowExpression } from './fhirpath-expression.js';

describe('narrowExpression', () => {
  it('keeps the union terms of one resource type, parenthesised ones included', () => {
    const expr =
      'AllergyIntolerance.patient | (DeviceRequest.code.ofType(CodeableConcept)) | Observation.subject.where(resolve() is Patient)';
    expect(narrowExpression(expr, 'Observation')).to.equal('Observation.subject.where(resolve() is Patient)');
    expect(narrowExpression(expr, 'DeviceRequest')).to.equal('(DeviceRequest.code.ofType(CodeableConcept))');
    expect(narrowExpression(expr, 'Patient')).to.equal('');
  });

  it('keeps Resource-level terms and does not split inside strings or parentheses', () => {
    expect(narrowExpression('Resource.meta.tag', 'Patient')).to.equal('Resource.meta.tag');
    expect(narrowExpression("Patient.name.where(use = 'a|b' or (family | given).exists())", 'Patient')).to.equal(
      "Patient.name.where(use = 'a|b' or (family | given).exists())",
    );
  });

  it("roots terms written without a type at the resource (R4's InsurancePlan-name is `name | alias`)", () => {
    expect(narrowExpression('name | alias', 'InsurancePlan')).to.equal('InsurancePlan.name | InsurancePlan.alias');
  });
});

describe('compileExpression', () => {
  it('answers resolve() is T from the reference string, without fetching', () => {
    const evaluate = compileExpression('Encounter.participant.individual.where(resolve() is Practitioner)');
    const result = evaluate({
      resourceType: 'Encounter',
      participant: [{ individual: { reference: 'Practitioner/1' } }, { individual: { reference: 'RelatedPerson/2' } }],
    });
    expect(result).to.deep.equal([{ type: 'Reference', value: { reference: 'Practitioner/1' } }]);
  });
});

describe('compileExpression element pre-check', () => {
  it('still finds choice-type and Resource-level values', () => {
    expect(
      compileExpression('Observation.effective')({ resourceType: 'Observation', effectiveDateTime: '2020' }),
    ).to.have.length(1);
    expect(
      compileExpression('Resource.meta.tag')({ resourceType: 'Patient', meta: { tag: [{ code: 'a' }] } }),
    ).to.have.length(1);
    expect(
      compileExpression('Observation.effective')({ resourceType: 'Observation', effectiveness: 'x' }),
    ).to.deep.equal([]);
  });
});
