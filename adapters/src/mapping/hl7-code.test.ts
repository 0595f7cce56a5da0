import type { Encounter, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { adtMessage, basePv1, mapText, only } from '../test-support/adt-fixture.js';
import { hl7Code } from './hl7-code.js';

describe('datatypes.html#code — codes read from HL7 carry no surrounding whitespace', () => {
  it('hl7Code trims and reads a blank as absent (datatypes.html#code)', () => {
    expect(hl7Code(' U ')).to.equal('U');
    expect(hl7Code('   ')).to.equal(undefined);
    expect(hl7Code(undefined)).to.equal(undefined);
  });

  it('a padded CWE code (PV1-16 " U", as in the python-hl7 nulls file) is the code U (datatypes.html#code)', () => {
    const encounter = only<Encounter>(mapText(adtMessage('A01', { ...basePv1, 16: ' U' })), 'Encounter');
    expect(encounter.hospitalization?.specialCourtesy?.[0]?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0099',
      code: 'U',
    });
  });

  it('a padded ID code read through its table (PID-8 " F ") still maps (datatypes.html#code)', () => {
    const text = adtMessage('A01').replace('DOE^JANE||19800101|F', 'DOE^JANE||19800101| F ');
    expect(only<Patient>(mapText(text), 'Patient').gender).to.equal('female');
  });
});
