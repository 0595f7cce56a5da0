import { expect } from 'chai';
import { acceptedFormat } from './accept.js';

describe('http.html#mime-type — Accept with q-values', () => {
  it('picks the highest q, the header order breaking ties', () => {
    expect(acceptedFormat('application/fhir+json;q=0.4, application/fhir+xml;q=0.6')).to.equal('xml');
    expect(acceptedFormat('application/fhir+xml, application/fhir+json')).to.equal('xml');
    expect(acceptedFormat('application/fhir+json;q=1.0, application/xml')).to.equal('json');
  });

  it('takes the FHIR synonyms and parameters (fhirVersion, charset)', () => {
    expect(acceptedFormat('text/xml')).to.equal('xml');
    expect(acceptedFormat('application/json; charset=utf-8')).to.equal('json');
    expect(acceptedFormat('application/fhir+xml; fhirVersion=4.0')).to.equal('xml');
  });

  it('a fhirVersion other than R4 (4.0) is not acceptable (http.html#version-parameter)', () => {
    expect(acceptedFormat('application/fhir+json; fhirVersion=3.0')).to.equal(undefined);
    expect(acceptedFormat('application/fhir+json; fhirVersion=3.0, application/fhir+xml')).to.equal('xml');
    expect(acceptedFormat('application/fhir+json;fhirVersion="4.0.1"')).to.equal('json');
  });

  it('serves JSON for an empty header and for */*, application/*; XML for text/*', () => {
    expect(acceptedFormat('')).to.equal('json');
    expect(acceptedFormat('*/*')).to.equal('json');
    expect(acceptedFormat('application/*;q=0.1')).to.equal('json');
    expect(acceptedFormat('text/*')).to.equal('xml');
  });

  it('q=0 refuses a type; nothing acceptable is undefined (406)', () => {
    expect(acceptedFormat('application/fhir+json;q=0')).to.equal(undefined);
    expect(acceptedFormat('application/fhir+json;q=0, */*;q=0.1')).to.equal('xml');
    expect(acceptedFormat('text/html, image/png')).to.equal(undefined);
  });
});
