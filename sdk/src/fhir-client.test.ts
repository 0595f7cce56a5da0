import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { fakeFetch, json } from './__test__/fake-fetch.js';
import { FhirClient } from './fhir-client.js';

const BASE = 'https://fhir.test/R4';
const patient: Patient = { resourceType: 'Patient', id: 'p1', meta: { versionId: '2' } };
const emptyBundle: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };

function clientWith(reply: ReturnType<typeof json>, extra: Partial<ConstructorParameters<typeof FhirClient>[0]> = {}) {
  const fake = fakeFetch(reply);
  return { client: new FhirClient({ baseUrl: `${BASE}/`, fetch: fake.fetch, ...extra }), requests: fake.requests };
}

describe('FhirClient', () => {
  it('reads an instance with FHIR JSON headers and no body', async () => {
    const { client, requests } = clientWith(json(200, patient));
    const read: Patient = await client.read('Patient', 'p1');
    expect(read.id).to.equal('p1');
    expect(requests[0]?.method).to.equal('GET');
    expect(requests[0]?.url).to.equal(`${BASE}/Patient/p1`);
    expect(requests[0]?.headers.get('accept')).to.equal('application/fhir+json');
    expect(requests[0]?.headers.has('content-type')).to.equal(false);
  });

  it('reads a version and escapes path segments', async () => {
    const { client, requests } = clientWith(json(200, patient));
    await client.vread('Patient', 'a/b', '2');
    expect(requests[0]?.url).to.equal(`${BASE}/Patient/a%2Fb/_history/2`);
  });

  it('creates with a body, Prefer and If-None-Exist', async () => {
    const { client, requests } = clientWith(json(201, patient));
    await client.create({ resourceType: 'Patient' }, { ifNoneExist: 'identifier=http://x|1' });
    const sent = requests[0];
    expect(sent?.method).to.equal('POST');
    expect(sent?.url).to.equal(`${BASE}/Patient`);
    expect(sent?.body).to.deep.equal({ resourceType: 'Patient' });
    expect(sent?.headers.get('content-type')).to.equal('application/fhir+json');
    expect(sent?.headers.get('prefer')).to.equal('return=representation');
    expect(sent?.headers.get('if-none-exist')).to.equal('identifier=http://x|1');
  });

  it('types a create of an object literal as the resource type it names (README example)', async () => {
    const { client } = clientWith(json(201, patient));
    const created = await client.create({ resourceType: 'Patient', name: [{ family: 'Smith' }] });
    // Compiles only while `created` is a Patient: the literal's own type has no `id`.
    expect(created.id).to.equal('p1');
  });

  it('updates by id with a weak If-Match', async () => {
    const { client, requests } = clientWith(json(200, patient));
    await client.update(patient, { ifMatch: '2' });
    expect(requests[0]?.method).to.equal('PUT');
    expect(requests[0]?.url).to.equal(`${BASE}/Patient/p1`);
    expect(requests[0]?.headers.get('if-match')).to.equal('W/"2"');
  });

  it('refuses to update a resource without an id', () => {
    const { client } = clientWith(json(200, patient));
    expect(() => client.update({ resourceType: 'Patient' })).to.throw(TypeError);
  });

  it('deletes and accepts an empty 204', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 204 }));
    const client = new FhirClient({ baseUrl: BASE, fetch: fake.fetch });
    await client.delete('Patient', 'p1');
    expect(fake.requests[0]?.method).to.equal('DELETE');
    expect(fake.requests[0]?.url).to.equal(`${BASE}/Patient/p1`);
  });

  it('encodes every shape of search parameters, keeping repeats', async () => {
    const { client, requests } = clientWith(json(200, emptyBundle));
    await client.search('Patient', { name: 'smith', birthdate: ['ge2000', 'lt2010'] });
    await client.search('Patient', [
      ['_count', '10'],
      ['gender', 'female'],
    ]);
    await client.search('Patient', new URLSearchParams({ 'general-practitioner:missing': 'true' }));
    await client.search('Patient');
    expect(requests.map((r) => r.url)).to.deep.equal([
      `${BASE}/Patient?name=smith&birthdate=ge2000&birthdate=lt2010`,
      `${BASE}/Patient?_count=10&gender=female`,
      `${BASE}/Patient?general-practitioner%3Amissing=true`,
      `${BASE}/Patient`,
    ]);
  });

  it('reads history at instance, type and system level', async () => {
    const { client, requests } = clientWith(json(200, { ...emptyBundle, type: 'history' }));
    await client.history('Patient', 'p1');
    await client.history('Patient', undefined, { _since: '2024-01-01' });
    await client.history();
    expect(requests.map((r) => r.url)).to.deep.equal([
      `${BASE}/Patient/p1/_history`,
      `${BASE}/Patient/_history?_since=2024-01-01`,
      `${BASE}/_history`,
    ]);
  });

  it('posts transactions and batches to the base, checking the Bundle type', async () => {
    const { client, requests } = clientWith(json(200, { resourceType: 'Bundle', type: 'transaction-response' }));
    await client.transaction({ resourceType: 'Bundle', type: 'transaction' });
    await client.batch({ resourceType: 'Bundle', type: 'batch' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([`POST ${BASE}`, `POST ${BASE}`]);
    expect(() => client.transaction({ resourceType: 'Bundle', type: 'batch' })).to.throw(TypeError);
  });

  it('fetches the CapabilityStatement from metadata', async () => {
    const { client, requests } = clientWith(json(200, { resourceType: 'CapabilityStatement', status: 'active' }));
    const statement = await client.capabilities();
    expect(statement.resourceType).to.equal('CapabilityStatement');
    expect(requests[0]?.url).to.equal(`${BASE}/metadata`);
  });

  it('adds configured headers and a bearer token from a provider, asked before each request', async () => {
    let calls = 0;
    const accessToken = async (): Promise<string> => `token-${++calls}`;
    const { client, requests } = clientWith(json(200, patient), { headers: { 'X-Tenant': 't1' }, accessToken });
    await client.read('Patient', 'p1');
    await client.read('Patient', 'p1');
    expect(requests[0]?.headers.get('x-tenant')).to.equal('t1');
    expect(requests.map((r) => r.headers.get('authorization'))).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
  });
});
