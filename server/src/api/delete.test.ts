import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#delete', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('204, then again 204 (idempotent), and history keeps the resource', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    const first = await call(server, 'DELETE', `Patient/${patient.id}`);
    expect(first.status).to.equal(204);
    expect(first.text).to.equal('');
    expect((await call(server, 'DELETE', `Patient/${patient.id}`)).status).to.equal(204);
    expect((await call(server, 'DELETE', 'Patient/never-was')).status).to.equal(204);
    const history = await call(server, 'GET', `Patient/${patient.id}/_history`);
    expect((history.body as { total?: number }).total).to.equal(2);
    expect((await call<Patient>(server, 'GET', `Patient/${patient.id}/_history/1`)).body?.active).to.equal(true);
  });

  it('a deleted resource is no longer found by search', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    await call(server, 'DELETE', `Patient/${patient.id}`);
    expect((await call(server, 'GET', `Patient?_id=${patient.id}`)).body).to.have.property('total', 0);
  });
});
