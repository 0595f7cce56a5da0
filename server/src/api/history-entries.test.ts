import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#history — entries and _at', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('each entry carries request (the method that wrote it) and response (http.html#history)', async () => {
    server.clock.set('2026-01-01T00:00:00.000Z');
    await call(server, 'PUT', 'Patient/chosen', { body: { resourceType: 'Patient', id: 'chosen' } });
    const patch = [{ op: 'add', path: '/active', value: true }];
    server.clock.set('2026-01-02T00:00:00.000Z');
    await call(server, 'PATCH', 'Patient/chosen', {
      body: patch,
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    server.clock.set('2026-01-03T00:00:00.000Z');
    await call(server, 'DELETE', 'Patient/chosen');
    const entries = (await bundle(server, 'Patient/chosen/_history')).entry ?? [];
    expect(entries.map((e) => e.request)).to.deep.equal([
      { method: 'DELETE', url: 'Patient/chosen' },
      { method: 'PATCH', url: 'Patient/chosen' },
      { method: 'PUT', url: 'Patient/chosen' },
    ]);
    expect(entries.map((e) => e.response?.etag)).to.deep.equal(['W/"3"', 'W/"2"', 'W/"1"']);
    expect(entries[1]?.response?.lastModified).to.equal('2026-01-02T00:00:00.000Z');
    expect(entries[0]?.resource).to.equal(undefined);
  });

  it('a PUT that re-created a deleted resource shows the 201 it answered (http.html#history)', async () => {
    const body = { resourceType: 'Patient', id: 'again' };
    await call(server, 'PUT', 'Patient/again', { body });
    await call(server, 'DELETE', 'Patient/again');
    expect((await call(server, 'PUT', 'Patient/again', { body })).status).to.equal(201);
    await call(server, 'PUT', 'Patient/again', { body: { ...body, active: true } });
    const entries = (await bundle(server, 'Patient/again/_history')).entry ?? [];
    expect(entries.map((e) => e.response?.status)).to.deep.equal(['200', '201', '204', '201']);
  });

  it('a meta change in place keeps the method of its version (resource-operation-meta-add.html)', async () => {
    await call(server, 'PUT', 'Patient/m', { body: { resourceType: 'Patient', id: 'm' } });
    const meta = { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [{ code: 'x' }] } }] };
    await call(server, 'POST', 'Patient/m/$meta-add', { body: meta });
    expect((await bundle(server, 'Patient/m/_history')).entry?.[0]?.request?.method).to.equal('PUT');
  });

  describe('_at: versions current at some point during the period (http.html#history)', () => {
    let patient: Patient & { id: string };
    beforeEach(async () => {
      server.clock.set('2026-01-01T10:00:00.000Z');
      patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
      server.clock.set('2026-01-03T10:00:00.000Z');
      await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: false } });
      server.clock.set('2026-01-03T12:00:00.000Z');
      await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, gender: 'male' } });
      server.clock.set('2026-01-05T10:00:00.000Z');
      await call(server, 'DELETE', `Patient/${patient.id}`);
    });

    const versionsAt = async (at: string) =>
      ((await bundle(server, `Patient/${patient.id}/_history?_at=${at}`)).entry ?? []).map((e) => e.response?.etag);

    it('a day covers the versions written that day and the one current when it began (search.html#date)', async () => {
      expect(await versionsAt('2026-01-02')).to.deep.equal(['W/"1"']);
      expect(await versionsAt('2026-01-03')).to.deep.equal(['W/"3"', 'W/"2"', 'W/"1"']);
      expect(await versionsAt('2026-01-04')).to.deep.equal(['W/"3"']);
      expect(await versionsAt('2026-01-06')).to.deep.equal(['W/"4"']);
      expect(await versionsAt('2025-12-31')).to.deep.equal([]);
    });

    it('an instant is the version current then; paging and links keep _at (http.html#paging)', async () => {
      expect(await versionsAt('2026-01-03T11:00:00Z')).to.deep.equal(['W/"2"']);
      const first = await bundle(server, `Patient/${patient.id}/_history?_at=2026-01&_count=2`);
      expect(first.total).to.equal(4);
      expect(first.link?.find((l) => l.relation === 'next')?.url).to.contain('_at=2026-01');
    });

    it('a malformed _at is 400; _at across a type or the system is 400 (not offered)', async () => {
      expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history?_at=yesterday`), 400);
      expectOutcome(await call(server, 'GET', 'Patient/_history?_at=2026'), 400);
      expectOutcome(await call(server, 'GET', '_history?_at=2026'), 400);
    });
  });
});
