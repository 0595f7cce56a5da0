import { describe, it } from 'mocha';
import { expect } from 'chai';
import { patientCompartment, patientCompartmentTypes } from './patient-compartment.js';

describe('patientCompartment', () => {
  it('reads the R4 Patient CompartmentDefinition', () => {
    expect(patientCompartment('Observation')).to.deep.equal(['subject', 'performer']);
    expect(patientCompartment('Encounter')).to.deep.equal(['subject']);
    expect(patientCompartment('Patient')).to.deep.equal(['link']);
    expect(patientCompartment('Organization')).to.deep.equal([]);
  });

  it('lists the types a Patient compartment holds', () => {
    const types = patientCompartmentTypes();
    expect(types).to.include.members(['Patient', 'Observation', 'Encounter', 'Condition']);
    expect(types).to.not.include('Organization');
  });
});
