import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, created, idsOf } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('search.html#count and http.html#paging', () => {
  let server: TestServer;
  const all: string[] = [];
  before(async () => {
    server = await startTestServer();
    for (let i = 0; i < 23; i++)
      all.push((await created<Patient>(server, { resourceType: 'Patient', gender: 'other' })).id);
    await created<Patient>(server, { resourceType: 'Patient', gender: 'male' });
  });
  after(() => server.close());

  const next = (page: Bundle) => page.link?.find((link) => link.relation === 'next')?.url;

  it('following next links visits every match once, each page at most _count', async () => {
    const seen: string[] = [];
    let pages = 0;
    for (let url: string | undefined = 'Patient?gender=other&_count=5'; url; pages++) {
      const page: Bundle = await bundle(server, url);
      expect(page.total).to.equal(23);
      expect(page.entry?.length ?? 0).to.be.at.most(5);
      seen.push(...idsOf(page));
      url = next(page);
    }
    expect(pages).to.equal(5);
    expect(seen).to.have.length(23);
    expect([...seen].sort()).to.deep.equal([...all].sort());
  });

  it('next links keep the search criteria and are absolute', async () => {
    const url = next(await bundle(server, 'Patient?gender=other&_count=5')) ?? '';
    expect(url.startsWith(`${server.baseUrl}/Patient?`)).to.equal(true);
    expect(new URL(url).searchParams.get('gender')).to.equal('other');
  });

  it('_count=0 answers the total only, with no entries and no next link', async () => {
    const page = await bundle(server, 'Patient?gender=other&_count=0');
    expect(page.total).to.equal(23);
    expect(page.entry ?? []).to.have.length(0);
    expect(next(page)).to.equal(undefined);
  });

  it('the last page has no next link', async () => {
    const page = await bundle(server, 'Patient?gender=other&_count=23');
    expect(page.entry).to.have.length(23);
    expect(next(page)).to.equal(undefined);
  });

  it('without _count the server pages by its default', async () => {
    const page = await bundle(server, 'Patient?gender=other');
    expect(page.entry).to.have.length(20);
    expect(next(page)).to.be.a('string');
  });
});
