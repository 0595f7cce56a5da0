import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const versionsOf = (page: Bundle): string[] =>
  (page.entry ?? []).map((entry) => `${entry.fullUrl ?? ''}@${entry.response?.etag ?? ''}`);
const linkOf = (page: Bundle, relation: string): string | undefined =>
  page.link?.find((link) => link.relation === relation)?.url;

/**
 * History pages stay put while others write (search.html#paging: "the server SHALL ensure
 * that the pages are consistent"): the first page fixes a snapshot, and `next`/`previous`
 * never repeat or skip a version because newer ones were appended meanwhile.
 */
describe('search.html#paging — history pages are stable while data is written (http.html#history)', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  let minute = 0;
  const tick = () => server.clock.set(new Date(Date.UTC(2026, 0, 1, 0, ++minute)).toISOString());
  const write = async () => {
    tick();
    const result = await call(server, 'PUT', `Patient/${patient.id}`, {
      body: { ...patient, name: [{ text: `version ${minute}` }] },
    });
    expect(result.status).to.be.within(200, 201);
  };

  beforeEach(async () => {
    server = await startTestServer();
    minute = 0;
    tick();
    patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    for (let i = 0; i < 9; i++) await write();
  });
  afterEach(() => server.close());

  for (const [level, path] of [
    ['instance', () => `Patient/${patient.id}/_history`],
    ['type', () => 'Patient/_history'],
    ['system', () => '_history'],
  ] as const) {
    it(`${level} history: three writes between pages shift nothing (search.html#paging)`, async () => {
      // Time moves on: the audit record of this very read is newer than the page it shows.
      tick();
      const first = await bundle(server, `${path()}?_count=5`);
      expect(versionsOf(first)).to.have.length(5);
      await write();
      await write();
      await write();
      const nextUrl = linkOf(first, 'next');
      expect(nextUrl).to.be.a('string');
      const second = await bundle(server, nextUrl ?? '');
      const seen = [...versionsOf(first), ...versionsOf(second)];
      expect(new Set(seen).size, 'no version twice').to.equal(seen.length);
      expect(second.total).to.equal(first.total);
      const back = await bundle(server, linkOf(second, 'previous') ?? '');
      expect(versionsOf(back)).to.deep.equal(versionsOf(first));
      // A fresh first page sees the versions written meanwhile.
      const fresh = await bundle(server, `${path()}?_count=5`);
      expect(fresh.total).to.be.at.least((first.total ?? 0) + 3);
      expect(versionsOf(fresh)).to.include(`${server.baseUrl}/Patient/${patient.id}@W/"13"`);
      expect(seen).not.to.include(`${server.baseUrl}/Patient/${patient.id}@W/"13"`);
    });
  }

  it('an _until that is no instant is a 400 (http.html#history)', async () => {
    const result = await call(server, 'GET', 'Patient/_history?_until=yesterday');
    expect(result.status).to.equal(400);
  });
});
