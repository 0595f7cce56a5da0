import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#read and #vread', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('read: 200 with the resource, ETag W/"versionId" and Last-Modified (http.html#read)', async () => {
    server.clock.set('2026-03-04T05:06:07.890Z');
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.deep.equal(patient);
    expect(read.headers.get('etag')).to.equal('W/"1"');
    expect(read.headers.get('last-modified')).to.equal('Wed, 04 Mar 2026 05:06:07 GMT');
    expect(read.headers.get('content-type')).to.match(/^application\/fhir\+json/);
    expect(read.headers.get('location')).to.equal(null);
  });

  it('read of an id never created is 404 (http.html#read)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient/nope'), 404);
  });

  it('read after delete is 410 Gone (http.html#delete)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    expect((await call(server, 'DELETE', `Patient/${patient.id}`)).status).to.equal(204);
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}`), 410);
  });

  it('vread returns each version with its own ETag (http.html#vread)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    server.clock.advance(1000);
    const second = await call<Patient>(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: false } });
    expect(second.status).to.equal(200);
    const v1 = await call<Patient>(server, 'GET', `Patient/${patient.id}/_history/1`);
    const v2 = await call<Patient>(server, 'GET', `Patient/${patient.id}/_history/2`);
    expect([v1.status, v2.status]).to.deep.equal([200, 200]);
    expect(v1.body?.active).to.equal(true);
    expect(v2.body?.active).to.equal(false);
    expect(v1.headers.get('etag')).to.equal('W/"1"');
    expect(v2.headers.get('etag')).to.equal('W/"2"');
    expect(v2.body?.meta?.lastUpdated).to.equal('2026-01-02T03:04:06.000Z');
  });

  it('vread of an unknown version is 404, of the delete version 410 (http.html#vread)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history/9`), 404);
    await call(server, 'DELETE', `Patient/${patient.id}`);
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history/2`), 410);
    expect((await call(server, 'GET', `Patient/${patient.id}/_history/1`)).status).to.equal(200);
  });

  it('an invalid id is a 400 with expression on read, vread, history, PATCH and DELETE (datatypes.html#id)', async () => {
    const patch = { body: [], headers: { 'Content-Type': 'application/json-patch+json' } };
    for (const id of ['a_b', 'x'.repeat(65), '%00']) {
      for (const [method, path] of [
        ['GET', `Patient/${id}`],
        ['GET', `Patient/${id}/_history/1`],
        ['GET', `Patient/${id}/_history`],
        ['DELETE', `Patient/${id}`],
      ]) {
        expect(expectOutcome(await call(server, method, path), 400).issue[0]?.expression).to.deep.equal(['id']);
      }
      expectOutcome(await call(server, 'PATCH', `Patient/${id}`, patch), 400);
    }
  });

  it('the history of an id that never existed is a 404; of a deleted one 200 (http.html#history)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient/never-existed/_history'), 404);
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    await call(server, 'DELETE', `Patient/${patient.id}`);
    expect((await call(server, 'GET', `Patient/${patient.id}/_history?_since=2999-01-01T00:00:00Z`)).status).to.equal(
      200,
    );
  });
});
