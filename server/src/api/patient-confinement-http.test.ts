import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { authServerWith, crossPatientTransaction, keysOf, observation, twoPatients } from './confinement-harness.js';
import { call, type CallResult } from './http-call.js';
import type { TestServer } from './test-server.js';

/**
 * What a patient-launch app (signed token, `patient` claim p1) can learn about Patient p2 over
 * HTTP (SMART scopes-and-launch-context.html#patient-specific-scopes): nothing — another
 * patient's data is as missing (404), never counted, included, matched by a chain or `_has`,
 * nor writable, in a Bundle neither.
 */
describe('SMART scopes-and-launch-context — a patient token over HTTP (AUTH_MODE=smart)', () => {
  let server: TestServer;
  let patientApp: string;
  let observationsApp: string;
  const get = (path: string, token: string) => call(server, 'GET', path, { token });
  const page = (result: CallResult): Bundle => {
    expect(result.status, result.text).to.equal(200);
    return result.body as Bundle;
  };

  before(async () => {
    server = await authServerWith(twoPatients());
    patientApp = await server.token({ scope: 'launch/patient patient/*.cruds', patient: 'p1' });
    observationsApp = await server.token({ scope: 'patient/Observation.rs', patient: 'p1' });
  });
  after(() => server.close());

  it('the CapabilityStatement declares the confinement and that restricted scopes grant nothing', async () => {
    const metadata = await call(server, 'GET', 'metadata');
    const documentation = (metadata.body as CapabilityStatement).rest?.[0]?.documentation ?? '';
    expect(documentation).to.contain('patient/ scopes reach only the launch patient’s compartment');
    expect(documentation).to.contain('v2 restricted scopes (patient/Observation.rs?category=laboratory) grant nothing');
  });

  it('reading another patient, or its Observation, is 404 as a missing id (http.html#read)', async () => {
    for (const path of ['Patient/p2', 'Observation/o2', 'Observation/o2/_history/1', 'Practitioner/dr']) {
      const result = await get(path, patientApp);
      expect(result.status, path).to.equal(404);
      expect(result.text).not.to.contain('secret');
    }
    expect((await get('Patient/p1', patientApp)).status).to.equal(200);
  });

  it('a search without a patient parameter returns only the launch patient’s data (search.html#total)', async () => {
    const found = page(await get('Observation?_total=accurate', patientApp));
    expect(keysOf(found)).to.deep.equal(['Observation/o1']);
    expect(found.total).to.equal(1);
    expect(page(await get('Observation?code=urn:test|secret&_summary=count', patientApp)).total).to.equal(0);
  });

  it('_include does not pull another patient, _revinclude nothing of a type not granted (search.html#include)', async () => {
    const included = page(
      await get('Observation?_include=Observation:subject&_include=Observation:performer', patientApp),
    );
    expect(keysOf(included, 'include')).to.deep.equal(['Patient/p1']);
    const revincluded = page(await get('Observation?_revinclude=Provenance:target', observationsApp));
    expect(keysOf(revincluded, 'include')).to.deep.equal([]);
  });

  it('a chain through a type not granted is 403; a granted one cannot probe p2 (search.html#chaining)', async () => {
    expect((await get('Observation?subject:Patient.name=Bob', observationsApp)).status).to.equal(403);
    expect(keysOf(page(await get('Observation?performer:Patient.name=Bob', patientApp)))).to.deep.equal([]);
  });

  it('_has cannot probe another patient’s Observations (search.html#has)', async () => {
    expect(keysOf(page(await get('Patient?_has:Observation:subject:code=urn:test|secret', patientApp)))).to.deep.equal(
      [],
    );
    const denied = await get(
      'Patient?_has:Observation:subject:code=urn:test|secret',
      await server.token({ scope: 'patient/Patient.rs', patient: 'p1' }),
    );
    expect(denied.status).to.equal(403);
  });

  it('_type naming a type not granted is 403; without it, only granted types (search.html#type)', async () => {
    expect((await get('?_type=Patient,Observation', observationsApp)).status).to.equal(403);
    expect(keysOf(page(await get('?_count=50', observationsApp)))).to.deep.equal(['Observation/o1']);
  });

  it('history of another patient’s resource is 404; of the type, only one’s own (http.html#history)', async () => {
    expect((await get('Observation/o2/_history', patientApp)).status).to.equal(404);
    expect(keysOf(page(await get('Observation/_history', patientApp)))).to.deep.equal(['Observation/o1']);
    expect((await get('Patient/p2/$everything', patientApp)).status).to.equal(404);
  });

  it('a transaction entry writing into another patient’s compartment fails the whole transaction (http.html#transaction)', async () => {
    const result = await call(server, 'POST', '', { token: patientApp, body: crossPatientTransaction() });
    expect(result.status, result.text).to.equal(403);
    expect(await server.store.read('Observation', 't1')).to.equal(undefined);
    const stolen = await call(server, 'PUT', 'Observation/o2', {
      token: patientApp,
      body: observation('o2', 'Patient/p1', 'x'),
    });
    expect(stolen.status).to.equal(404);
    expect((await server.store.read('Observation', 'o2'))?.versionId).to.equal('1');
  });
});
