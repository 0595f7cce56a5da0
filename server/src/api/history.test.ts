import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/** Follows `next` links from a first page and collects every entry's `Type/id/version`. */
async function allPages(server: TestServer, first: string): Promise<string[]> {
  const seen: string[] = [];
  for (let url: string | undefined = first; url;) {
    const page: Bundle = await bundle(server, url);
    for (const entry of page.entry ?? []) seen.push(`${entry.fullUrl ?? ''}@${entry.response?.etag ?? ''}`);
    url = page.link?.find((link) => link.relation === 'next')?.url;
  }
  return seen;
}

describe('http.html#history', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    server.clock.set('2026-01-01T00:00:00.000Z');
    patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    server.clock.set('2026-01-02T00:00:00.000Z');
    await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: false } });
    server.clock.set('2026-01-03T00:00:00.000Z');
    await created<Observation>(server, { resourceType: 'Observation', status: 'final', code: { text: 'x' } });
    server.clock.set('2026-01-04T00:00:00.000Z');
    await call(server, 'DELETE', `Patient/${patient.id}`);
  });
  afterEach(() => server.close());

  it('instance history: every version newest first, the delete with request.method DELETE', async () => {
    const history = await bundle(server, `Patient/${patient.id}/_history`);
    expect(history.type).to.equal('history');
    expect(history.total).to.equal(3);
    const entries = history.entry ?? [];
    expect(entries.map((e) => e.request?.method)).to.deep.equal(['DELETE', 'PUT', 'POST']);
    expect(entries.map((e) => e.response?.etag)).to.deep.equal(['W/"3"', 'W/"2"', 'W/"1"']);
    expect(entries[0]?.resource).to.equal(undefined);
    expect(entries[0]?.request?.url).to.equal(`Patient/${patient.id}`);
    expect((entries[1]?.resource as Patient).active).to.equal(false);
  });

  it('type history holds only that type; system history holds all types', async () => {
    const type = await bundle(server, 'Patient/_history');
    expect(type.total).to.equal(3);
    expect((type.entry ?? []).every((e) => e.fullUrl?.includes('/Patient/'))).to.equal(true);
    const system = await bundle(server, '_history');
    const types = new Set((system.entry ?? []).map((e) => e.fullUrl?.split('/').slice(-2)[0]));
    expect([...types]).to.include.members(['Patient', 'Observation']);
  });

  it('_since keeps only versions after the instant', async () => {
    const history = await bundle(server, `Patient/${patient.id}/_history?_since=2026-01-01T12:00:00Z`);
    expect(history.entry?.map((e) => e.response?.etag)).to.deep.equal(['W/"3"', 'W/"2"']);
  });

  it('a _since that is not an instant is 400', async () => {
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history?_since=yesterday`), 400);
  });

  it('a _count or _offset that is no non-negative integer is 400, as for search', async () => {
    for (const bad of ['_count=-1', '_count=abc', '_offset=-5']) {
      expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history?${bad}`), 400);
    }
  });

  it('any non-negative _count is clamped, as for search (search.html#count)', async () => {
    expect((await bundle(server, `Patient/${patient.id}/_history?_count=2147483647`)).resourceType).to.equal('Bundle');
  });

  it('links repeat only the parameters applied, not unknown ones', async () => {
    const history = await bundle(server, `Patient/${patient.id}/_history?bogus=1&_since=2026-01-01T00:00:00Z`);
    const self = history.link?.find((l) => l.relation === 'self')?.url ?? '';
    expect(self).to.contain('_since=');
    expect(self).not.to.contain('bogus');
  });

  it('_count pages through the history with next links, no version lost or repeated', async () => {
    for (let i = 0; i < 6; i++) await created<Patient>(server, { resourceType: 'Patient', gender: 'other' });
    const everything = await allPages(server, 'Patient/_history?_count=100');
    const paged = await allPages(server, 'Patient/_history?_count=2');
    expect(everything).to.have.length(9);
    expect(paged).to.deep.equal(everything);
  });

  it('history of an unknown type is 404', async () => {
    expectOutcome(await call(server, 'GET', 'Nonsense/_history'), 404);
  });
});
