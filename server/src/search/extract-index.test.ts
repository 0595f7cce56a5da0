import { describe, it } from 'mocha';
import { expect } from 'chai';
import type { Observation, Patient, SearchParameter } from '@medplum/fhirtypes';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { extractIndex } from './extract-index.js';
import { loadSyntheaPatientBundle } from './synthea-fixture.test-support.js';

const registry = SearchParameterRegistry.loadBase();

describe('extractIndex', () => {
  it('normalises each parameter type into the documented shape', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p1',
      name: [{ family: 'Müller  Lüdenscheidt', given: ['José'] }],
      identifier: [{ system: 'urn:sys', value: 'A1' }, { value: 'B2' }],
      telecom: [{ system: 'phone', value: '555' }],
      active: true,
      birthDate: '1970-03',
      link: [{ other: { reference: 'Patient/p0' }, type: 'seealso' }],
      generalPractitioner: [{ reference: '#contained' }, { reference: 'https://other.org/fhir/Practitioner/9' }],
    };
    const { idx, compartments } = extractIndex(patient, registry);
    expect(idx['family']).to.deep.equal(['muller ludenscheidt']);
    expect(idx['family:exact']).to.deep.equal(['Müller  Lüdenscheidt']);
    expect(idx['given']).to.deep.equal(['jose']);
    expect(idx['identifier']).to.deep.equal(['A1', 'urn:sys|A1', 'B2', '|B2']);
    expect(idx['phone']).to.deep.equal(['555', '|555']);
    expect(idx['active']).to.deep.equal(['true', '|true']);
    expect(idx['birthdate']).to.deep.equal([
      { lo: Date.parse('1970-03-01T00:00:00Z'), hi: Date.parse('1970-03-31T23:59:59.999Z') },
    ]);
    expect(idx['link']).to.deep.equal(['Patient/p0']);
    expect(idx['general-practitioner']).to.deep.equal(['https://other.org/fhir/Practitioner/9']);
    expect(idx).not.to.have.property('_id');
    expect(idx).not.to.have.property('email');
    expect(compartments).to.deep.equal(['Patient/p1', 'Patient/p0']);
  });

  it('indexes periods, quantities and compartments of an Observation', () => {
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Weight' },
      subject: { reference: 'Patient/p1' },
      performer: [{ reference: 'Practitioner/d1' }],
      effectivePeriod: { start: '2020-01-01' },
      valueQuantity: { value: 64.2, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    };
    const { idx, compartments } = extractIndex(obs, registry);
    expect(idx['date']).to.deep.equal([{ lo: Date.parse('2020-01-01T00:00:00Z'), hi: 8.64e15 }]);
    expect(idx['value-quantity']).to.deep.equal([
      { v: 64.2, u: ['kg', 'http://unitsofmeasure.org|kg'], cv: 64200, cu: 'g' },
    ]);
    expect(idx['code:text']).to.deep.equal(['weight']);
    expect(compartments).to.deep.equal(['Patient/p1']);
  });

  it('is cheap on real Synthea resources (figures printed, not asserted)', () => {
    const resources = loadSyntheaPatientBundle();
    for (const type of ['Patient', 'Observation']) {
      const list = resources.filter((r) => r.resourceType === type);
      for (const r of list) extractIndex(r, registry);
      // CPU time rather than wall time: other processes share this machine.
      const start = process.cpuUsage();
      let n = 0;
      while (n < 1000) for (const r of list) (extractIndex(r, registry), n++);
      const used = process.cpuUsage(start);
      const us = (used.user + used.system) / n;
      console.log(`      extractIndex ${type}: ${us.toFixed(0)} µs CPU per resource (${n} runs)`);
      expect(us).to.be.greaterThan(0);
    }
  });

  it('a runtime parameter that fails indexes nothing; a base one fails loudly (searchparameter.html)', () => {
    const failing: SearchParameter = {
      resourceType: 'SearchParameter',
      url: 'http://example.org/fhir/SearchParameter/one-given',
      name: 'one-given',
      status: 'active',
      description: 'fails on two given names',
      code: 'one-given',
      base: ['Patient'],
      type: 'string',
      expression: 'Patient.name.given.single()',
    };
    const patient: Patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'X', given: ['A', 'B'] }] };
    const extracted = extractIndex(patient, registry.extend([failing]));
    expect(extracted.failed).to.deep.equal([failing.url]);
    expect(extracted.idx['one-given']).to.equal(undefined);
    expect(extracted.idx['family']).to.deep.equal(['x']);
    expect(() => extractIndex(patient, new SearchParameterRegistry([failing]))).to.throw('Expected single');
  });
});
