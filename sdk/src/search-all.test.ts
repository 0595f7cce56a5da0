import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { fakeFetch, json } from './__test__/fake-fetch.js';
import { FhirClientError } from './errors.js';
import { FhirClient } from './fhir-client.js';

const BASE = 'https://fhir.test/R4';

function page(ids: string[], next?: string): Bundle {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: ids.map((id) => ({ resource: { resourceType: 'Patient', id }, search: { mode: 'match' } })),
  };
  if (next !== undefined) bundle.link = [{ relation: 'next', url: next }];
  return bundle;
}

async function collect(iterable: AsyncIterable<Patient>): Promise<string[]> {
  const ids: string[] = [];
  for await (const resource of iterable) ids.push(resource.id ?? '?');
  return ids;
}

describe('FhirClient.searchAll', () => {
  it('follows next links over three pages and skips included resources', async () => {
    const second = page(['c'], 'Patient?_page=3');
    second.entry?.push({ resource: { resourceType: 'Organization', id: 'o1' }, search: { mode: 'include' } });
    const fake = fakeFetch(
      json(200, page(['a', 'b'], `${BASE}/Patient?_page=2`)),
      json(200, second),
      json(200, page(['d'])),
    );
    const client = new FhirClient({ baseUrl: BASE, fetch: fake.fetch });
    expect(await collect(client.searchAll('Patient', { active: 'true' }))).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(fake.requests.map((r) => r.url)).to.deep.equal([
      `${BASE}/Patient?active=true`,
      `${BASE}/Patient?_page=2`,
      `${BASE}/Patient?_page=3`,
    ]);
  });

  it('stops with a FhirClientError when a next link leads back to a page already read', async () => {
    const loop = `${BASE}/Patient?_page=1`;
    const fake = fakeFetch(json(200, page(['a'], loop)), json(200, page(['b'], loop)));
    const client = new FhirClient({ baseUrl: BASE, fetch: fake.fetch });
    const failure = await collect(client.searchAll('Patient')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(FhirClientError);
    expect(fake.requests).to.have.length(2);
  });

  it('refuses a next link outside the base URL, before sending anything there', async () => {
    const fake = fakeFetch(json(200, page(['a'], 'https://evil.test/R4/Patient?_page=2')));
    const client = new FhirClient({ baseUrl: BASE, fetch: fake.fetch, accessToken: 'secret' });
    const seen: string[] = [];
    let failure: unknown;
    try {
      for await (const patient of client.searchAll('Patient')) seen.push(patient.id ?? '?');
    } catch (error) {
      failure = error;
    }
    expect(seen).to.deep.equal(['a']);
    expect(failure).to.be.instanceOf(FhirClientError);
    expect((failure as Error).message).to.contain('refusing to follow');
    expect(fake.requests).to.have.length(1);
  });

  it('refuses a sibling path that merely shares the base as a prefix', async () => {
    const fake = fakeFetch(json(200, page([], `${BASE}-other/Patient?_page=2`)));
    const client = new FhirClient({ baseUrl: BASE, fetch: fake.fetch });
    let failure: unknown;
    try {
      await collect(client.searchAll('Patient'));
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(FhirClientError);
  });
});
