import { describe, it } from 'mocha';
import { expect } from 'chai';
import { patientCompartment } from './patient-compartment.js';

describe('patientCompartment', () => {
  it('reads the R4 Patient CompartmentDefinition', () => {
    expect(patientCompartment('Observation')).to.deep.equal(['subject', 'performer']);
    expect(patientCompartment('Encounter')).to.deep.equal(['subject']);
    expect(patientCompartment('Patient')).to.deep.equal(['link']);
    expect(patientCompartment('Organization')).to.deep.equal([]);
  });
});
