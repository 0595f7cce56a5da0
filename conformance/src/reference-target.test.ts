import { describe, it } from 'mocha';
import { expect } from 'chai';
import { referenceTarget } from './reference-target.js';

describe('referenceTarget', () => {
  it('parses relative, versioned and absolute literal references', () => {
    expect(referenceTarget('Patient/123')).to.deep.equal({ resourceType: 'Patient', id: '123' });
    expect(referenceTarget('Patient/123/_history/4')).to.deep.equal({ resourceType: 'Patient', id: '123' });
    expect(referenceTarget('https://x.org/fhir/Observation/a.b-c')).to.deep.equal({
      resourceType: 'Observation',
      id: 'a.b-c',
      base: 'https://x.org/fhir',
    });
  });

  it('rejects what names no Type/id', () => {
    for (const ref of ['#c1', 'Patient?identifier=a|b', 'urn:uuid:1234', 'patient/1', 'Patient', 'a/b/Patient/1']) {
      expect(referenceTarget(ref), ref).to.equal(undefined);
    }
  });
});
