import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'http://example.org/mrn';

describe('http.html#update and #concurrency', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('200 with versionId incremented each time, ETag and Location (http.html#update)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    for (const version of ['2', '3']) {
      const result = await call<Patient>(server, 'PUT', `Patient/${patient.id}`, {
        body: { ...patient, active: version === '2' },
      });
      expect(result.status).to.equal(200);
      expect(result.body?.meta?.versionId).to.equal(version);
      expect(result.headers.get('etag')).to.equal(`W/"${version}"`);
      expect(result.headers.get('location')).to.equal(`${server.baseUrl}/Patient/${patient.id}/_history/${version}`);
    }
  });

  it('update-as-create: an unknown id is created with that id, 201 (http.html#upsert)', async () => {
    const result = await call<Patient>(server, 'PUT', 'Patient/chosen-1', {
      body: { resourceType: 'Patient', id: 'chosen-1' },
    });
    expect(result.status).to.equal(201);
    expect(result.body?.meta?.versionId).to.equal('1');
    expect((await call(server, 'GET', 'Patient/chosen-1')).status).to.equal(200);
  });

  it('update of a deleted resource revives it as the next version, 201', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    await call(server, 'DELETE', `Patient/${patient.id}`);
    const result = await call<Patient>(server, 'PUT', `Patient/${patient.id}`, { body: patient });
    expect(result.status).to.equal(201);
    expect(result.body?.meta?.versionId).to.equal('3');
  });

  it('an id in the body that differs from the URL is 400; a missing id is 400 (http.html#update)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const before = await storedState(server.store);
    expectOutcome(await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, id: 'other' } }), 400);
    expectOutcome(await call(server, 'PUT', `Patient/${patient.id}`, { body: { resourceType: 'Patient' } }), 400);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('If-Match with the current ETag updates; a stale one is 412; garbage is 400 (http.html#concurrency)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const changed = { ...patient, active: true };
    const ok = await call(server, 'PUT', `Patient/${patient.id}`, { body: changed, headers: { 'If-Match': 'W/"1"' } });
    expect(ok.status).to.equal(200);
    expect(ok.headers.get('etag')).to.equal('W/"2"');
    const before = await storedState(server.store);
    expectOutcome(
      await call(server, 'PUT', `Patient/${patient.id}`, { body: patient, headers: { 'If-Match': 'W/"1"' } }),
      412,
    );
    expectOutcome(
      await call(server, 'PUT', `Patient/${patient.id}`, { body: patient, headers: { 'If-Match': 'W/"<script>"' } }),
      400,
    );
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('If-Match with a list of ETags matches if any is current; a bare word is 400 (RFC 9110 §13.1.1)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const url = `Patient/${patient.id}`;
    const before = await storedState(server.store);
    expectOutcome(await call(server, 'PUT', url, { body: patient, headers: { 'If-Match': 'garbage' } }), 400);
    expectOutcome(await call(server, 'PUT', url, { body: patient, headers: { 'If-Match': 'W/"9", W/"8"' } }), 412);
    expect(await storedState(server.store)).to.deep.equal(before);
    const changed = { ...patient, active: true };
    const ok = await call(server, 'PUT', url, { body: changed, headers: { 'If-Match': 'W/"9", W/"1"' } });
    expect(ok.status).to.equal(200);
  });

  it('If-None-Match: * or the current ETag on an existing resource is 412 (RFC 9110 §13.1.2)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const url = `Patient/${patient.id}`;
    const changed = { ...patient, active: true };
    const before = await storedState(server.store);
    for (const tag of ['*', 'W/"1"', 'W/"7", "1"']) {
      expectOutcome(await call(server, 'PUT', url, { body: changed, headers: { 'If-None-Match': tag } }), 412);
    }
    expectOutcome(await call(server, 'PUT', url, { body: changed, headers: { 'If-None-Match': 'W/"' } }), 400);
    expect(await storedState(server.store)).to.deep.equal(before);
    const stale = await call(server, 'PUT', url, { body: changed, headers: { 'If-None-Match': 'W/"7"' } });
    expect(stale.status).to.equal(200);
    const fresh = { resourceType: 'Patient', id: 'fresh' };
    const created201 = await call(server, 'PUT', 'Patient/fresh', { body: fresh, headers: { 'If-None-Match': '*' } });
    expect(created201.status).to.equal(201);
  });

  it('the CapabilityStatement declares the write preconditions (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.rest?.[0]?.documentation).to.contain('DELETE honour If-Match');
  });

  it('request.ifNoneMatch is honoured in batch and transaction entries (bundle.html#transaction)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const entry = {
      request: { method: 'PUT', url: `Patient/${patient.id}`, ifNoneMatch: '*' },
      resource: { ...patient, active: true },
    };
    const batch = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'batch', entry: [entry] },
    });
    expect(batch.body?.entry?.[0]?.response?.status).to.equal('412 Precondition Failed');
    expectOutcome(
      await call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry: [entry] } }),
      412,
    );
    expect((await call<Patient>(server, 'GET', `Patient/${patient.id}`)).body?.meta?.versionId).to.equal('1');
  });

  it('an update that changes nothing writes no version and answers the current one', async () => {
    const patient = await created<Patient>(server, {
      resourceType: 'Patient',
      active: true,
      meta: { tag: [{ code: 't' }] },
    });
    const reordered = { meta: { tag: [{ code: 't' }] }, active: true, id: patient.id, resourceType: 'Patient' };
    const same = await call<Patient>(server, 'PUT', `Patient/${patient.id}`, { body: reordered });
    expect(same.status).to.equal(200);
    expect(same.body?.meta?.versionId).to.equal('1');
    const history = await bundle(server, `Patient/${patient.id}/_history`);
    expect(history.total).to.equal(1);
  });

  it('If-Match on a resource that does not exist is 412, not an update-as-create', async () => {
    expectOutcome(
      await call(server, 'PUT', 'Patient/ghost', {
        body: { resourceType: 'Patient', id: 'ghost' },
        headers: { 'If-Match': 'W/"1"' },
      }),
      412,
    );
    expect((await call(server, 'GET', 'Patient/ghost')).status).to.equal(404);
  });

  describe('conditional update PUT [type]?[search] (http.html#cond-update)', () => {
    const withMrn = (value: string, extra: Partial<Patient> = {}): Patient => ({
      resourceType: 'Patient',
      identifier: [{ system: MRN, value }],
      ...extra,
    });
    const url = (value: string) => `Patient?identifier=${MRN}|${value}`;

    it('no match → 201, created with a server id', async () => {
      const result = await call<Patient>(server, 'PUT', url('1'), { body: withMrn('1') });
      expect(result.status).to.equal(201);
      expect(result.body?.id).to.be.a('string');
    });

    it('one match → 200, that resource updated', async () => {
      const existing = await created(server, withMrn('1'));
      const result = await call<Patient>(server, 'PUT', url('1'), { body: withMrn('1', { active: true }) });
      expect(result.status).to.equal(200);
      expect(result.body?.id).to.equal(existing.id);
      expect(result.body?.meta?.versionId).to.equal('2');
      expect(result.body?.active).to.equal(true);
    });

    it('one match but the body names another id → 400', async () => {
      await created(server, withMrn('1'));
      expectOutcome(await call(server, 'PUT', url('1'), { body: withMrn('1', { id: 'else' }) }), 400);
    });

    it('several matches → 412 and nothing written', async () => {
      await created(server, withMrn('1'));
      await created(server, withMrn('1'));
      const before = await storedState(server.store);
      expectOutcome(await call(server, 'PUT', url('1'), { body: withMrn('1', { active: true }) }), 412);
      expect(await storedState(server.store)).to.deep.equal(before);
    });

    it('50 parallel identical conditional updates with no match make exactly one resource: 1 × 201, 49 × 200', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => call<Patient>(server, 'PUT', url('race'), { body: withMrn('race') })),
      );
      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 201),
        statuses.join(),
      ).to.have.length(1);
      expect(
        statuses.filter((s) => s === 200),
        statuses.join(),
      ).to.have.length(49);
      expect(new Set(results.map((r) => r.body?.id)).size).to.equal(1);
    });

    it('a condition with no parameters or an unknown one is 400', async () => {
      expectOutcome(await call(server, 'PUT', 'Patient', { body: withMrn('1') }), 400);
      expectOutcome(await call(server, 'PUT', 'Patient?bogus=1', { body: withMrn('1') }), 400);
    });

    it('a condition of result parameters only (_count, _sort …) is 400 and overwrites nothing', async () => {
      const only = await created(server, withMrn('only'));
      for (const condition of ['_count=1', '_sort=_id', '_total=none', '_summary=count']) {
        expectOutcome(await call(server, 'PUT', `Patient?${condition}`, { body: withMrn('other') }), 400);
        const headers = { 'If-None-Exist': condition };
        expectOutcome(await call(server, 'POST', 'Patient', { body: withMrn('other'), headers }), 400);
      }
      expect((await call<Patient>(server, 'GET', `Patient/${only.id}`)).body?.meta?.versionId).to.equal('1');
    });
  });
});
