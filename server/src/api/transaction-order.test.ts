import type { Bundle, BundleEntry, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'http://example.org/mrn';
const ORG = 'urn:uuid:3f1e9a52-8c1d-4b7a-9e0f-5a2b6c7d8e90';

const send = (server: TestServer, entry: BundleEntry[]) =>
  call<Bundle>(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } });
const statuses = (result: { body?: Bundle | undefined }) => result.body?.entry?.map((e) => e.response?.status);
const withMrn = (value: string, extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: MRN, value }],
  ...extra,
});
/** A FHIRPath Patch (fhirpatch.html) adding one element to the Patient. */
const addToPatient = (name: string, value: Record<string, unknown>): BundleEntry['resource'] => ({
  resourceType: 'Parameters',
  parameter: [
    {
      name: 'operation',
      part: [
        { name: 'type', valueCode: 'add' },
        { name: 'path', valueString: 'Patient' },
        { name: 'name', valueString: name },
        { name: 'value', ...value },
      ],
    },
  ],
});

/**
 * http.html#trules: DELETE, then POST, then PUT/PATCH, then GET; the outcome does not depend on
 * the order of the entries, a resource appears once by identity, and the response lists the
 * entries in request order.
 */
describe('http.html#trules — transaction processing order', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('DELETE runs before POST: an ifNoneExist matching a resource the transaction deletes creates anew', async () => {
    const first = await call<Patient>(server, 'POST', 'Patient', {
      body: withMrn('again'),
      headers: { 'If-None-Exist': `identifier=${MRN}|again` },
    });
    const old = { id: first.body?.id ?? '' }; // it holds the condition's key
    const result = await send(server, [
      {
        resource: withMrn('again', { active: true }),
        request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MRN}|again` },
      },
      { request: { method: 'DELETE', url: `Patient/${old.id}` } },
    ]);
    expect(result.status, result.text).to.equal(200);
    expect(statuses(result)).to.deep.equal(['201 Created', '204 No Content']);
    const found = await bundle(server, `Patient?identifier=${MRN}|again`);
    expect(found.entry?.map((e) => [e.resource?.id === old.id, (e.resource as Patient).active])).to.deep.equal([
      [false, true],
    ]);
    // The new resource holds the condition's key: an identical conditional create now matches it.
    const again = await call(server, 'POST', 'Patient', {
      body: withMrn('again'),
      headers: { 'If-None-Exist': `identifier=${MRN}|again` },
    });
    expect(again.status).to.equal(200);
  });

  it('POST runs before PUT/PATCH: a PATCH may refer to what a later-listed POST creates', async () => {
    const patient = await created(server, withMrn('patched'));
    const result = await send(server, [
      {
        request: { method: 'PATCH', url: `Patient/${patient.id}` },
        resource: addToPatient('managingOrganization', { valueReference: { reference: ORG } }),
      },
      {
        fullUrl: ORG,
        resource: { resourceType: 'Organization', name: 'Clinic' },
        request: { method: 'POST', url: 'Organization' },
      },
    ]);
    expect(result.status, result.text).to.equal(200);
    expect(statuses(result)).to.deep.equal(['200 OK', '201 Created']);
    const orgId = result.body?.entry?.[1]?.response?.location?.split('/')[1];
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}`);
    expect(read.body?.managingOrganization?.reference).to.equal(`Organization/${orgId}`);
  });

  it('GET runs after every write and the response keeps request order, whatever the order of the entries', async () => {
    const kept = await created(server, withMrn('kept'));
    const gone = await created(server, withMrn('gone'));
    const entries: BundleEntry[] = [
      { request: { method: 'GET', url: `Patient?identifier=${MRN}|kept` } },
      { resource: { ...kept, active: true }, request: { method: 'PUT', url: `Patient/${kept.id}` } },
      { resource: withMrn('new'), request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'DELETE', url: `Patient/${gone.id}` } },
    ];
    const forward = await send(server, entries);
    expect(statuses(forward)).to.deep.equal(['200 OK', '200 OK', '201 Created', '204 No Content']);
    const searched = forward.body?.entry?.[0]?.resource as Bundle | undefined;
    expect((searched?.entry?.[0]?.resource as Patient | undefined)?.active, 'the search saw the PUT').to.equal(true);

    // The same kinds of entries listed backwards: the same outcome, reported in the new order.
    const other = await created(server, withMrn('other'));
    const backward = await send(server, [
      { request: { method: 'DELETE', url: `Patient/${other.id}` } },
      { resource: withMrn('new2'), request: { method: 'POST', url: 'Patient' } },
      // No meta: an empty one is no valid FHIR (json.html: no empty objects).
      { resource: { ...kept, active: false, meta: undefined }, request: { method: 'PUT', url: `Patient/${kept.id}` } },
      { request: { method: 'GET', url: `Patient?identifier=${MRN}|kept` } },
    ]);
    expect(statuses(backward)).to.deep.equal(['204 No Content', '201 Created', '200 OK', '200 OK']);
    const again = backward.body?.entry?.[3]?.resource as Bundle | undefined;
    expect((again?.entry?.[0]?.resource as Patient | undefined)?.active).to.equal(false);
  });

  it('declares its choices in the CapabilityStatement (rest.documentation)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.rest?.[0]?.documentation)
      .to.include('processed DELETE, POST, PUT/PATCH, then reads')
      .and.include('too-costly (422)');
  });

  describe('a resource appears only once by identity (steps 1-3 may not overlap)', () => {
    const overlaps: Array<[string, (id: string) => BundleEntry[]]> = [
      [
        'PUT and DELETE',
        (id) => [
          { resource: withMrn('o', { id }), request: { method: 'PUT', url: `Patient/${id}` } },
          { request: { method: 'DELETE', url: `Patient/${id}` } },
        ],
      ],
      [
        'PATCH and PUT',
        (id) => [
          {
            request: { method: 'PATCH', url: `Patient/${id}` },
            resource: addToPatient('gender', { valueCode: 'male' }),
          },
          { resource: withMrn('o', { id }), request: { method: 'PUT', url: `Patient/${id}` } },
        ],
      ],
      [
        'a conditional update resolving to the id a PUT writes',
        (id) => [
          { resource: withMrn('o', { id }), request: { method: 'PUT', url: `Patient/${id}` } },
          { resource: withMrn('o', { active: true }), request: { method: 'PUT', url: `Patient?identifier=${MRN}|o` } },
        ],
      ],
    ];
    for (const [name, entries] of overlaps) {
      it(`${name} of one resource is 400 and stores nothing`, async () => {
        const patient = await created(server, withMrn('o'));
        const before = await storedState(server.store);
        expectOutcome(await send(server, entries(patient.id)), 400);
        expect(await storedState(server.store)).to.deep.equal(before);
      });
    }

    it('a conditional create that matches (no write) may sit beside an update of the match', async () => {
      const patient = await created(server, withMrn('m'));
      const result = await send(server, [
        { resource: withMrn('m'), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MRN}|m` } },
        {
          resource: withMrn('m', { id: patient.id, active: true }),
          request: { method: 'PUT', url: `Patient/${patient.id}` },
        },
      ]);
      expect(statuses(result), result.text).to.deep.equal(['200 OK', '200 OK']);
    });
  });
});
