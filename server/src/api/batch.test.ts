import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/** POST a batch and the batch-response (the test fails unless the Bundle itself is a 200). */
async function batch(
  server: TestServer,
  entry: BundleEntry[],
  headers: Record<string, string> = {},
): Promise<BundleEntry[]> {
  const result = await call<Bundle>(server, 'POST', '', {
    body: { resourceType: 'Bundle', type: 'batch', entry },
    headers,
  });
  expect(result.status, result.text).to.equal(200);
  expect(result.body?.type).to.equal('batch-response');
  return result.body?.entry ?? [];
}

describe('http.html#transaction — batch (bundle.html#batch)', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('entries are independent: a failing entry does not stop the others', async () => {
    const existing = await created<Patient>(server, { resourceType: 'Patient' });
    const response = await batch(server, [
      { resource: { resourceType: 'Patient', active: true }, request: { method: 'POST', url: 'Patient' } },
      {
        resource: { resourceType: 'Patient', active: 'no' } as unknown as Patient,
        request: { method: 'POST', url: 'Patient' },
      },
      { request: { method: 'GET', url: `Patient/${existing.id}` } },
      { request: { method: 'GET', url: 'Patient/missing' } },
      { request: { method: 'DELETE', url: `Patient/${existing.id}` } },
      { resource: { resourceType: 'Patient', id: 'p9' }, request: { method: 'PUT', url: 'Patient/p9' } },
    ]);
    expect(response.map((e) => e.response?.status.split(' ')[0])).to.deep.equal([
      '201',
      '400',
      '200',
      '404',
      '204',
      '201',
    ]);
    expect(response[1]?.response?.outcome?.resourceType).to.equal('OperationOutcome');
    expect(response[0]?.response?.location).to.match(/^Patient\/[^/]+\/_history\/1$/);
    expect(response[0]?.response?.etag).to.equal('W/"1"');
    expect((response[2]?.resource as Patient).id).to.equal(existing.id);
    expect((await call(server, 'GET', `Patient/${existing.id}`)).status).to.equal(410);
    expect((await call(server, 'GET', 'Patient/p9')).status).to.equal(200);
  });

  it('a search entry answers its searchset', async () => {
    await created<Patient>(server, { resourceType: 'Patient', gender: 'male' });
    const [entry] = await batch(server, [{ request: { method: 'GET', url: 'Patient?gender=male' } }]);
    expect((entry?.resource as Bundle).total).to.equal(1);
  });

  it('Prefer: return=representation puts the resources in the response entries', async () => {
    const [entry] = await batch(
      server,
      [{ resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }],
      {
        Prefer: 'return=representation',
      },
    );
    expect(entry?.resource?.resourceType).to.equal('Patient');
  });

  it('an empty batch answers an empty batch-response', async () => {
    expect(await batch(server, [])).to.deep.equal([]);
  });

  it('a Bundle of another type than batch/transaction is 400', async () => {
    expectOutcome(await call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'collection' } }), 400);
    expectOutcome(await call(server, 'POST', '', { body: { resourceType: 'Patient' } }), 400);
  });
});
