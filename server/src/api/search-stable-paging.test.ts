import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const next = (page: Bundle) => page.link?.find((link) => link.relation === 'next')?.url;

/** Every page's Patient ids, following next links from `first`; `between` runs after each page. */
async function follow(server: TestServer, first: string, between: (page: number) => Promise<void> = async () => {}) {
  const pages: string[][] = [];
  for (let url: string | undefined = first; url;) {
    const page: Bundle = await bundle(server, url);
    pages.push(idsOf(page));
    await between(pages.length);
    url = next(page);
  }
  return pages;
}

describe('http.html#paging — stable paging over a search set', () => {
  let server: TestServer;
  const patient = (family: string) =>
    created<Patient>(server, { resourceType: 'Patient', gender: 'other', name: [{ family }] });

  beforeEach(async () => {
    server = await startTestServer({ searchLimits: { searchSetMax: 12 } });
  });
  afterEach(() => server.close());

  it('no resource is repeated or skipped while others are created, re-sorted and deleted', async () => {
    const ids: string[] = [];
    for (const family of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) ids.push((await patient(family)).id);
    const deleted = ids[4] ?? '';
    const moved = ids[7] ?? '';
    const pages = await follow(server, 'Patient?gender=other&_sort=family&_count=3', async (page) => {
      if (page !== 1) return;
      await patient('a'); // would sort first and push every later page down by one
      const current = (await call<Patient>(server, 'GET', `Patient/${moved}`)).body;
      await call(server, 'PUT', `Patient/${moved}`, { body: { ...current, name: [{ family: 'a0' }] } });
      await call(server, 'DELETE', `Patient/${deleted}`);
    });
    expect(pages.flat()).to.deep.equal(ids.filter((id) => id !== deleted));
    expect(pages).to.have.length(3);
  });

  it('later pages show the current version of each resource', async () => {
    for (const family of ['b', 'c', 'd']) await patient(family);
    const first = await bundle(server, 'Patient?_sort=family&_count=2');
    const last = (
      await call<Patient>(server, 'GET', `Patient/${idsOf(await bundle(server, 'Patient?family=d'))[0] ?? ''}`)
    ).body;
    await call(server, 'PUT', `Patient/${last?.id ?? ''}`, { body: { ...last, gender: 'female' } });
    const second = await bundle(server, next(first) ?? '');
    expect((second.entry?.[0]?.resource as Patient).gender).to.equal('female');
  });

  it('the total comes from the snapshot and stays the same on every page (search.html#total)', async () => {
    for (const family of ['b', 'c', 'd', 'e']) await patient(family);
    const first = await bundle(server, 'Patient?_count=2');
    await patient('f');
    const second = await bundle(server, next(first) ?? '');
    expect([first.total, second.total]).to.deep.equal([4, 4]);
  });

  it('one page needs no search set: its links carry none', async () => {
    await patient('b');
    const page = await bundle(server, 'Patient?_count=5');
    expect(page.link?.map((l) => new URL(l.url ?? '').searchParams.has('_searchset'))).to.deep.equal([false]);
  });

  it('an unknown or expired search set is 410 with an OperationOutcome', async () => {
    const outcome = expectOutcome(await call(server, 'GET', 'Patient?_searchset=nope&_offset=2&_count=2'), 410);
    expect(outcome.issue[0]?.expression).to.deep.equal(['_searchset']);
  });

  it('a search set is bound to the type and parameters it was made for (http.html#paging)', async () => {
    for (const family of ['b', 'c', 'd']) await patient(family);
    const link = new URL(next(await bundle(server, 'Patient?gender=other&_count=2')) ?? '');
    const id = link.searchParams.get('_searchset') ?? '';
    expect((await call(server, 'GET', `Practitioner?_searchset=${id}&_offset=2`)).status).to.equal(410);
    expect((await call(server, 'GET', `Patient?_searchset=${id}&_offset=2`)).status).to.equal(410);
    expect((await call(server, 'GET', `${link.href}&family=b`)).status).to.equal(410);
    expect(idsOf(await bundle(server, `${link.href}&_count=5`))).to.have.length(1);
  });

  it('past searchSetMax matches pages are by offset, and say so', async () => {
    for (let i = 0; i < 14; i++) await patient(`p${String(i).padStart(2, '0')}`);
    const pages: Bundle[] = [];
    for (
      let url: string | undefined = 'Patient?_sort=family&_count=5';
      url;
      url = next(pages[pages.length - 1] as Bundle)
    )
      pages.push(await bundle(server, url));
    expect(pages.flatMap((p) => idsOf(p))).to.have.length(14);
    expect(pages.map((p) => p.total)).to.deep.equal([14, 14, 14]);
    const informational = (p: Bundle) => (p.entry ?? []).some((e) => e.search?.mode === 'outcome');
    expect(pages.map(informational)).to.deep.equal([false, false, true]);
    expect(new URL(next(pages[1] as Bundle) ?? '').searchParams.has('_searchset')).to.equal(true);
  });
});

describe('search.html#total — _total=none|estimate|accurate', () => {
  let server: TestServer;
  const ids: string[] = [];
  before(async () => {
    server = await startTestServer({ searchLimits: { searchSetMax: 4 } });
    for (let i = 0; i < 6; i++)
      ids.push((await created<Patient>(server, { resourceType: 'Patient', gender: 'male' })).id);
  });
  after(() => server.close());

  it('accurate is the default and counts past the search set', async () => {
    expect((await bundle(server, 'Patient?_count=2')).total).to.equal(6);
    expect((await bundle(server, 'Patient?_count=2&_total=accurate')).total).to.equal(6);
  });

  it('none gives no total, still pages', async () => {
    const page = await bundle(server, 'Patient?_count=2&_total=none');
    expect(page.total).to.equal(undefined);
    expect(next(page)).to.be.a('string');
  });

  it('estimate gives the total when the search set holds every match, none past it', async () => {
    expect((await bundle(server, `Patient?_count=2&_total=estimate&_id=${ids.slice(0, 3).join(',')}`)).total).to.equal(
      3,
    );
    expect((await bundle(server, 'Patient?_count=2&_total=estimate')).total).to.equal(undefined);
  });
});
