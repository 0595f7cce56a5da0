import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
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

  describe('If-Match on DELETE (http.html#concurrency, RFC 9110 §13.1.1)', () => {
    it('a stale ETag is 412 and deletes nothing; a malformed one 400; the current one deletes', async () => {
      const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
      await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: false } });
      const before = await storedState(server.store);
      const url = `Patient/${patient.id}`;
      expectOutcome(await call(server, 'DELETE', url, { headers: { 'If-Match': 'W/"1"' } }), 412);
      expectOutcome(await call(server, 'DELETE', url, { headers: { 'If-Match': 'W/"<x>"' } }), 400);
      expectOutcome(await call(server, 'DELETE', 'Patient/never-was', { headers: { 'If-Match': 'W/"1"' } }), 412);
      expect(await storedState(server.store)).to.deep.equal(before);
      expect((await call(server, 'DELETE', url, { headers: { 'If-Match': 'W/"2"' } })).status).to.equal(204);
      expect((await call(server, 'GET', url)).status).to.equal(410);
    });

    it('request.ifMatch is honoured in batch and transaction entries (bundle.html#transaction)', async () => {
      const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
      await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: false } });
      const entry = { request: { method: 'DELETE', url: `Patient/${patient.id}`, ifMatch: 'W/"1"' } };
      const batch = await call<Bundle>(server, 'POST', '', {
        body: { resourceType: 'Bundle', type: 'batch', entry: [entry] },
      });
      expect(batch.body?.entry?.[0]?.response?.status).to.equal('412 Precondition Failed');
      const body = { resourceType: 'Bundle', type: 'transaction', entry: [entry] };
      expectOutcome(await call(server, 'POST', '', { body }), 412);
      expect((await call(server, 'GET', `Patient/${patient.id}`)).status).to.equal(200);
    });
  });
});
