import { describe, it } from 'mocha';
import { expect } from 'chai';
import { buildCapabilityStatement } from './capability-statement.js';
import { SearchParameterRegistry } from './search-parameter-registry.js';

const registry = SearchParameterRegistry.loadBase();

describe('buildCapabilityStatement', () => {
  const options = {
    baseUrl: 'http://localhost:8080/fhir',
    software: { name: 'NexusHealth', version: '0.1.0' },
    resources: [
      {
        type: 'Patient',
        interactions: ['read', 'search-type'],
        searchParams: [registry.get('Patient', 'birthdate'), registry.get('Patient', 'name')].flatMap((p) =>
          p ? [p] : [],
        ),
        versioning: 'versioned',
        conditionalDelete: 'single',
      },
    ],
    systemInteractions: ['transaction', 'batch'],
    formats: ['application/fhir+json'],
    operations: [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }],
    security: { cors: true, description: 'SMART backend services' },
  };

  it('describes an active R4 server instance with what was registered', () => {
    const cs = buildCapabilityStatement(options);
    expect(cs).to.include({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
    });
    expect(Number.isNaN(Date.parse(cs.date))).to.equal(false);
    const rest = cs.rest?.[0];
    expect(rest?.mode).to.equal('server');
    expect(rest?.interaction).to.deep.equal([{ code: 'transaction' }, { code: 'batch' }]);
    expect(rest?.operation?.[0]?.name).to.equal('validate');
    expect(rest?.security).to.deep.equal({ cors: true, description: 'SMART backend services' });
    const patient = rest?.resource?.[0];
    expect(patient?.interaction).to.deep.equal([{ code: 'read' }, { code: 'search-type' }]);
    expect(patient?.versioning).to.equal('versioned');
    expect(patient?.searchParam?.[0]).to.include({
      name: 'birthdate',
      definition: 'http://hl7.org/fhir/SearchParameter/individual-birthdate',
      type: 'date',
    });
    expect(patient?.searchParam?.[0]?.documentation).to.be.a('string');
  });

  it('refuses codes outside the required value sets', () => {
    const first = options.resources[0];
    if (!first) throw new Error('fixture');
    expect(() => buildCapabilityStatement({ ...options, resources: [{ ...first, interactions: ['fetch'] }] })).to.throw(
      TypeError,
    );
    expect(() => buildCapabilityStatement({ ...options, resources: [{ ...first, type: 'Patients' }] })).to.throw(
      TypeError,
    );
    expect(() => buildCapabilityStatement({ ...options, systemInteractions: ['everything'] })).to.throw(TypeError);
  });
});
