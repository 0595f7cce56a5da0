import type { Bundle, BundleEntry, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'http://example.org/mrn';
const send = (server: TestServer, entry: BundleEntry[]) =>
  call<Bundle>(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } });

const patientEntry = (fullUrl: string, value: string): BundleEntry => ({
  fullUrl,
  resource: { resourceType: 'Patient', identifier: [{ system: MRN, value }] },
  request: { method: 'POST', url: 'Patient' },
});
const observationEntry = (subject: string, extra: Partial<Observation> = {}): BundleEntry => ({
  resource: {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    subject: { reference: subject },
    ...extra,
  },
  request: { method: 'POST', url: 'Observation' },
});

describe('http.html#transaction (bundle.html#transaction)', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('answers a transaction-response with status, location and etag per entry, in request order', async () => {
    const kept = await created<Patient>(server, { resourceType: 'Patient' });
    const gone = await created<Patient>(server, { resourceType: 'Patient' });
    const result = await send(server, [
      { request: { method: 'GET', url: `Patient/${kept.id}` } },
      patientEntry('urn:uuid:0a7c1a5e-0000-4000-8000-000000000001', '1'),
      { request: { method: 'DELETE', url: `Patient/${gone.id}` } },
    ]);
    expect(result.status, result.text).to.equal(200);
    expect(result.body?.type).to.equal('transaction-response');
    const [read, create, remove] = result.body?.entry ?? [];
    expect(read?.response?.status).to.match(/^200/);
    expect(read?.resource?.id).to.equal(kept.id);
    expect(create?.response?.status).to.match(/^201/);
    expect(create?.response?.location).to.match(/^Patient\/[^/]+\/_history\/1$/);
    expect(create?.response?.etag).to.equal('W/"1"');
    expect(remove?.response?.status).to.match(/^204/);
  });

  it('reads run after the writes and see them: vread, history and search entries', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', gender: 'male' });
    const result = await send(server, [
      { request: { method: 'GET', url: `Patient/${patient.id}/_history/1` } },
      { request: { method: 'GET', url: `Patient/${patient.id}/_history` } },
      { request: { method: 'GET', url: 'Patient?gender=male' } },
      {
        resource: { ...patient, gender: 'male', active: true },
        request: { method: 'PUT', url: `Patient/${patient.id}` },
      },
    ]);
    expect(result.status, result.text).to.equal(200);
    const [vread, history, search, put] = result.body?.entry ?? [];
    expect(vread?.resource?.meta?.versionId).to.equal('1');
    expect((history?.resource as Bundle).total).to.equal(2);
    expect(((search?.resource as Bundle).entry?.[0]?.resource as Patient).active).to.equal(true);
    expect(put?.response?.etag).to.equal('W/"2"');
  });

  it('a read that cannot succeed fails the whole transaction before anything is written', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const before = await storedState(server.store);
    const create = patientEntry('urn:uuid:0a7c1a5e-0000-4000-8000-000000000001', '1');
    expectOutcome(await send(server, [create, { request: { method: 'GET', url: 'Patient/missing' } }]), 404);
    expectOutcome(
      await send(server, [create, { request: { method: 'GET', url: 'Patient?birthdate=2020-13-45' } }]),
      400,
    );
    const remove: BundleEntry = { request: { method: 'DELETE', url: `Patient/${patient.id}` } };
    expectOutcome(
      await send(server, [create, remove, { request: { method: 'GET', url: `Patient/${patient.id}` } }]),
      410,
    );
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('is all or nothing: an invalid last entry leaves nothing stored, earlier creates included', async () => {
    await created<Patient>(server, { resourceType: 'Patient' });
    const before = await storedState(server.store);
    const result = await send(server, [
      patientEntry('urn:uuid:0a7c1a5e-0000-4000-8000-000000000001', '1'),
      { resource: { resourceType: 'Patient', id: 'x1' }, request: { method: 'PUT', url: 'Patient/x1' } },
      {
        resource: { resourceType: 'Patient', birthDate: 'not-a-date' } as Patient,
        request: { method: 'POST', url: 'Patient' },
      },
    ]);
    expectOutcome(result, 400);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('rewrites urn:uuid references to Type/id everywhere, extensions and contained included (http.html#trules)', async () => {
    const uuid = 'urn:uuid:0a7c1a5e-0000-4000-8000-000000000001';
    const result = await send(server, [
      observationEntry(uuid, {
        extension: [{ url: 'http://example.org/ext', valueReference: { reference: uuid } }],
        contained: [
          {
            resourceType: 'Provenance',
            id: 'p',
            recorded: '2026-01-01T00:00:00Z',
            agent: [{ who: { reference: uuid } }],
            // '#': the contained resource refers to its container, as dom-3 requires.
            target: [{ reference: '#' }, { reference: uuid }],
          },
        ],
      }),
      patientEntry(uuid, '1'),
    ]);
    expect(result.status, result.text).to.equal(200);
    const [obsEntry, patEntry] = result.body?.entry ?? [];
    const patientRef = (patEntry?.response?.location ?? '').split('/_history')[0] ?? '';
    const observation = (
      await call<Observation>(server, 'GET', (obsEntry?.response?.location ?? '').split('/_history')[0] ?? '')
    ).body;
    expect(observation?.subject?.reference).to.equal(patientRef);
    expect(observation?.extension?.[0]?.valueReference?.reference).to.equal(patientRef);
    expect(JSON.stringify(observation?.contained))
      .to.include(`"reference":"${patientRef}"`)
      .and.not.include('urn:uuid');
    expect((await call(server, 'GET', patientRef)).status).to.equal(200);
  });

  it('resolves conditional references (Patient?identifier=…) to the one match', async () => {
    const patient = await created<Patient>(server, {
      resourceType: 'Patient',
      identifier: [{ system: MRN, value: '7' }],
    });
    const result = await send(server, [observationEntry(`Patient?identifier=${MRN}|7`)]);
    expect(result.status, result.text).to.equal(200);
    const found = await bundle(server, `Observation?subject=Patient/${patient.id}`);
    expect(found.total).to.equal(1);
  });

  it('a conditional reference with no match or several is 412 and stores nothing', async () => {
    await created<Patient>(server, { resourceType: 'Patient', identifier: [{ system: MRN, value: 'twin' }] });
    await created<Patient>(server, { resourceType: 'Patient', identifier: [{ system: MRN, value: 'twin' }] });
    const before = await storedState(server.store);
    for (const value of ['none', 'twin']) {
      expectOutcome(
        await send(server, [
          patientEntry('urn:uuid:0a7c1a5e-0000-4000-8000-000000000009', 'new'),
          observationEntry(`Patient?identifier=${MRN}|${value}`),
        ]),
        412,
      );
    }
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a conditional reference in a single create is resolved too; no match is 412', async () => {
    const patient = await created<Patient>(server, {
      resourceType: 'Patient',
      identifier: [{ system: MRN, value: '8' }],
    });
    const observation = observationEntry(`Patient?identifier=${MRN}|8`).resource as Observation;
    const stored = await call<Observation>(server, 'POST', 'Observation', { body: observation });
    expect(stored.body?.subject?.reference).to.equal(`Patient/${patient.id}`);
    const dangling = observationEntry(`Patient?identifier=${MRN}|none`).resource as Observation;
    expectOutcome(await call(server, 'POST', 'Observation', { body: dangling }), 412);
  });

  it('two entries with the same fullUrl are 400 and store nothing (bundle.html#bundle-unique)', async () => {
    const before = await storedState(server.store);
    const same = 'urn:uuid:0a7c1a5e-0000-4000-8000-00000000000a';
    expectOutcome(await send(server, [patientEntry(same, 'a'), patientEntry(same, 'b')]), 400);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('honours ifNoneExist: a match is answered 200 and referenced, not duplicated', async () => {
    const patient = await created<Patient>(server, {
      resourceType: 'Patient',
      identifier: [{ system: MRN, value: '5' }],
    });
    const uuid = 'urn:uuid:0a7c1a5e-0000-4000-8000-000000000005';
    const entry = {
      ...patientEntry(uuid, '5'),
      request: { method: 'POST' as const, url: 'Patient', ifNoneExist: `identifier=${MRN}|5` },
    };
    const result = await send(server, [entry, observationEntry(uuid)]);
    expect(result.status, result.text).to.equal(200);
    expect(result.body?.entry?.[0]?.response?.status).to.match(/^200/);
    expect((await bundle(server, `Patient?identifier=${MRN}|5`)).total).to.equal(1);
    expect((await bundle(server, `Observation?subject=Patient/${patient.id}`)).total).to.equal(1);
  });

  it('two entries writing the same resource is 400 and stores nothing', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const before = await storedState(server.store);
    const put: BundleEntry = { resource: patient, request: { method: 'PUT', url: `Patient/${patient.id}` } };
    expectOutcome(await send(server, [put, { request: { method: 'DELETE', url: `Patient/${patient.id}` } }]), 400);
    expectOutcome(await send(server, [put, put]), 400);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a PUT entry follows the rules of PUT: a body id other than the URL id, or none, is 400', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    const before = await storedState(server.store);
    for (const body of [{ ...patient, id: 'other' }, { resourceType: 'Patient' as const }]) {
      expectOutcome(
        await send(server, [{ resource: body, request: { method: 'PUT', url: `Patient/${patient.id}` } }]),
        400,
      );
    }
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('50 parallel identical transactions with an ifNoneExist create make exactly one resource (http.html#ccreate)', async () => {
    const entry: BundleEntry = {
      resource: { resourceType: 'Patient', identifier: [{ system: MRN, value: 'race-create' }] },
      request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MRN}|race-create` },
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => send(server, [entry])));
    const statuses = results.map((r) => r.body?.entry?.[0]?.response?.status ?? String(r.status));
    expect(
      statuses.filter((s) => s === '201 Created'),
      statuses.join(),
    ).to.have.length(1);
    expect(
      statuses.filter((s) => s === '200 OK'),
      statuses.join(),
    ).to.have.length(49);
    expect((await bundle(server, `Patient?identifier=${MRN}|race-create`)).total).to.equal(1);
  });

  it('parallel identical transactions with a conditional update make exactly one resource', async () => {
    const entry: BundleEntry = {
      resource: { resourceType: 'Patient', identifier: [{ system: MRN, value: 'race' }] },
      request: { method: 'PUT', url: `Patient?identifier=${MRN}|race` },
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => send(server, [entry])));
    expect(
      results.every((r) => r.status === 200),
      results.map((r) => r.text).join(),
    ).to.equal(true);
    expect((await bundle(server, `Patient?identifier=${MRN}|race`)).total).to.equal(1);
  });

  it('a urn:uuid reference to no entry is 400 and stores nothing', async () => {
    const before = await storedState(server.store);
    expectOutcome(
      await send(server, [
        patientEntry('urn:uuid:0a7c1a5e-0000-4000-8000-000000000001', '1'),
        observationEntry('urn:uuid:0a7c1a5e-0000-4000-8000-0000000000ff'),
      ]),
      400,
    );
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('conditional update inside a transaction: no match creates, one match updates', async () => {
    const existing = await created<Patient>(server, {
      resourceType: 'Patient',
      identifier: [{ system: MRN, value: 'u1' }],
    });
    const update = (value: string): BundleEntry => ({
      resource: { resourceType: 'Patient', identifier: [{ system: MRN, value }], active: true },
      request: { method: 'PUT', url: `Patient?identifier=${MRN}|${value}` },
    });
    const result = await send(server, [update('u1'), update('u2')]);
    expect(result.status, result.text).to.equal(200);
    expect(result.body?.entry?.map((e) => e.response?.status.split(' ')[0])).to.deep.equal(['200', '201']);
    expect((await call<Patient>(server, 'GET', `Patient/${existing.id}`)).body?.active).to.equal(true);
  });
});
