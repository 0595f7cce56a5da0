import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'http://example.org/mrn';

describe('http.html#create and #ccreate', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('201 with Location, ETag and the stored resource (http.html#create)', async () => {
    const result = await call<Patient>(server, 'POST', 'Patient', { body: { resourceType: 'Patient', active: true } });
    expect(result.status).to.equal(201);
    const id = result.body?.id ?? '';
    expect(result.headers.get('location')).to.equal(`${server.baseUrl}/Patient/${id}/_history/1`);
    expect(result.headers.get('etag')).to.equal('W/"1"');
    expect((await call(server, 'GET', `Patient/${id}`)).body).to.deep.equal(result.body);
  });

  it('the server assigns id and meta, ignoring those in the body (http.html#create)', async () => {
    const body: Patient = {
      resourceType: 'Patient',
      id: 'chosen',
      meta: { versionId: '7', lastUpdated: '1999-01-01T00:00:00Z', tag: [{ code: 'keep' }] },
    };
    const patient = await created(server, body);
    expect(patient.id).not.to.equal('chosen');
    expect(patient.meta?.versionId).to.equal('1');
    expect(patient.meta?.lastUpdated).to.equal(server.clock.now().toISOString());
    expect(patient.meta?.tag).to.deep.equal([{ code: 'keep' }]);
    expect((await call(server, 'GET', 'Patient/chosen')).status).to.equal(404);
  });

  it('a UTF-8 byte order mark before the JSON is ignored (RFC 8259 §8.1)', async () => {
    const result = await call<Patient>(server, 'POST', 'Patient', {
      body: '\uFEFF{"resourceType":"Patient","active":true}',
    });
    expect(result.status).to.equal(201);
    expect(result.body?.active).to.equal(true);
  });

  it('a body of another type than the URL is 400 and stores nothing', async () => {
    const before = await storedState(server.store);
    expectOutcome(
      await call(server, 'POST', 'Patient', { body: { resourceType: 'Observation', status: 'final', code: {} } }),
      400,
    );
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a schema-invalid resource is 400 with an expression path', async () => {
    const outcome = expectOutcome(
      await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient', active: 'yes' } }),
      400,
    );
    expect(outcome.issue[0]?.expression?.[0]).to.match(/^Patient\.active/);
  });

  describe('If-None-Exist (http.html#ccreate)', () => {
    const withMrn = (value: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: MRN, value }] });
    const ifNoneExist = (value: string) => ({ 'If-None-Exist': `identifier=${MRN}|${value}` });

    it('no match → 201 and a new resource', async () => {
      const result = await call(server, 'POST', 'Patient', { body: withMrn('1'), headers: ifNoneExist('1') });
      expect(result.status).to.equal(201);
    });

    it('one match → 200 with the match and nothing written', async () => {
      const existing = await created(server, withMrn('1'));
      const before = await storedState(server.store);
      const result = await call<Patient>(server, 'POST', 'Patient', {
        body: { ...withMrn('1'), active: true },
        headers: ifNoneExist('1'),
      });
      expect(result.status).to.equal(200);
      expect(result.body?.id).to.equal(existing.id);
      expect(result.body?.active).to.equal(undefined);
      expect(await storedState(server.store)).to.deep.equal(before);
    });

    it('several matches → 412 and nothing written', async () => {
      await created(server, withMrn('1'));
      await created(server, withMrn('1'));
      const before = await storedState(server.store);
      expectOutcome(await call(server, 'POST', 'Patient', { body: withMrn('1'), headers: ifNoneExist('1') }), 412);
      expect(await storedState(server.store)).to.deep.equal(before);
    });

    it('an empty If-None-Exist is 400 and creates nothing, in HTTP and in a batch (http.html#ccreate)', async () => {
      const before = await storedState(server.store);
      expectOutcome(
        await call(server, 'POST', 'Patient', { body: withMrn('1'), headers: { 'If-None-Exist': '' } }),
        400,
      );
      const entry = { request: { method: 'POST', url: 'Patient', ifNoneExist: '' }, resource: withMrn('1') };
      const batch = await call<Bundle>(server, 'POST', '', {
        body: { resourceType: 'Bundle', type: 'batch', entry: [entry] },
      });
      expect(batch.body?.entry?.[0]?.response?.status).to.equal('400 Bad Request');
      expect(await storedState(server.store)).to.deep.equal(before);
    });

    it('a condition with a chain or _has matches as the search would (search.html#chaining, #has)', async () => {
      const doctor = await created(server, { resourceType: 'Practitioner', name: [{ family: 'Who' }] });
      const patient = await created<Patient>(server, {
        ...withMrn('1'),
        generalPractitioner: [{ reference: `Practitioner/${doctor.id}` }],
      });
      const chained = { 'If-None-Exist': 'general-practitioner.name=Who' };
      const again = await call<Patient>(server, 'POST', 'Patient', { body: withMrn('2'), headers: chained });
      expect([again.status, again.body?.id]).to.deep.equal([200, patient.id]);
      const has = { 'If-None-Exist': '_has:Patient:general-practitioner:identifier=' + `${MRN}|1` };
      const practitioner = { resourceType: 'Practitioner' };
      const same = await call(server, 'POST', 'Practitioner', { body: practitioner, headers: has });
      expect([same.status, same.body?.id]).to.deep.equal([200, doctor.id]);
      const other = { 'If-None-Exist': 'general-practitioner.name=Nobody' };
      expect((await call(server, 'POST', 'Patient', { body: withMrn('3'), headers: other })).status).to.equal(201);
    });

    it('an unknown parameter in the condition is 400, never ignored', async () => {
      expectOutcome(
        await call(server, 'POST', 'Patient', { body: withMrn('1'), headers: { 'If-None-Exist': 'nonsense=1' } }),
        400,
      );
    });

    it('a condition whose earlier match was updated away creates anew (no stale key 409)', async () => {
      const first = await call<Patient>(server, 'POST', 'Patient', {
        body: withMrn('moved'),
        headers: ifNoneExist('moved'),
      });
      expect(first.status).to.equal(201);
      const moved = { ...withMrn('elsewhere'), id: first.body?.id ?? '' };
      expect((await call(server, 'PUT', `Patient/${moved.id}`, { body: moved })).status).to.equal(200);
      const again = await call<Patient>(server, 'POST', 'Patient', {
        body: withMrn('moved'),
        headers: ifNoneExist('moved'),
      });
      expect(again.status).to.equal(201);
      expect(again.body?.id).not.to.equal(first.body?.id);
      const third = await call<Patient>(server, 'POST', 'Patient', {
        body: withMrn('moved'),
        headers: ifNoneExist('moved'),
      });
      expect(third.status).to.equal(200);
      expect(third.body?.id).to.equal(again.body?.id);
    });

    it('50 parallel identical conditional creates make exactly one resource: 1 × 201, 49 × 200', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          call<Patient>(server, 'POST', 'Patient', { body: withMrn('race'), headers: ifNoneExist('race') }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).to.have.length(1);
      expect(results.filter((r) => r.status === 200)).to.have.length(49);
      expect(new Set(results.map((r) => r.body?.id)).size).to.equal(1);
      const found: Bundle = await bundle(server, `Patient?identifier=${MRN}|race`);
      expect(found.total).to.equal(1);
    });
  });
});
