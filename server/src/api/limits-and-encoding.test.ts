import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { deflateSync, gzipSync } from 'node:zlib';
import { bundle, call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'http://example.org/mrn';

const batchOf = (entry: BundleEntry[], type: 'batch' | 'transaction' = 'batch'): Bundle => ({
  resourceType: 'Bundle',
  type,
  entry,
});

describe('bounds of bundles, reads shaped like searches, and body encodings', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer({ maxBundleEntries: 5 })));
  afterEach(() => server.close());

  it('a Bundle with more entries than allowed is 413 (bundle.html, BUNDLE_MAX_ENTRIES)', async () => {
    const entry = Array.from({ length: 6 }, () => ({ request: { method: 'GET' as const, url: 'Patient' } }));
    expectOutcome(await call(server, 'POST', '', { body: batchOf(entry) }), 413);
  });

  it('a search entry in a batch pages at 100 and links on', async () => {
    for (let i = 0; i < 101; i++) await created<Patient>(server, { resourceType: 'Patient', active: true });
    const result = await call<Bundle>(server, 'POST', '', {
      body: batchOf([{ request: { method: 'GET', url: 'Patient?active=true&_count=1000' } }]),
    });
    const searchset = result.body?.entry?.[0]?.resource as Bundle;
    expect(searchset.entry).to.have.length(100);
    expect(searchset.link?.some((l) => l.relation === 'next')).to.equal(true);
  });

  it('two transaction entries creating under one condition (ifNoneExist, conditional PUT) are 400', async () => {
    const before = await storedState(server.store);
    const twin = (): BundleEntry => ({
      resource: { resourceType: 'Patient', identifier: [{ system: MRN, value: 'twin' }] },
      request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MRN}|twin` },
    });
    expectOutcome(await call(server, 'POST', '', { body: batchOf([twin(), twin()], 'transaction') }), 400);
    const put = (): BundleEntry => ({
      resource: { resourceType: 'Patient', identifier: [{ system: MRN, value: 'twin' }] },
      request: { method: 'PUT', url: `Patient?identifier=${MRN}|twin` },
    });
    expectOutcome(await call(server, 'POST', '', { body: batchOf([put(), put()], 'transaction') }), 400);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('read and vread honour _elements and _summary like search (SUBSETTED)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true, gender: 'female' });
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}?_elements=gender`);
    expect(Object.keys(read.body ?? {}).sort()).to.deep.equal(['gender', 'id', 'meta', 'resourceType']);
    expect(read.body?.meta?.tag?.[0]?.code).to.equal('SUBSETTED');
    const vread = await call<Patient>(server, 'GET', `Patient/${patient.id}/_history/1?_elements=active`);
    expect(vread.body?.active).to.equal(true);
    expect(vread.body?.gender).to.equal(undefined);
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}?_summary=all`), 400);
    expect((await bundle(server, `Patient?_id=${patient.id}`)).entry?.[0]?.resource).to.deep.equal(patient);
  });

  it('a body in another charset is 415, invalid UTF-8 is 400; neither is stored', async () => {
    const before = await storedState(server.store);
    const latin1 = { 'Content-Type': 'application/fhir+json; charset=iso-8859-1' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: '{"resourceType":"Patient"}', headers: latin1 }), 415);
    const invalid = Buffer.concat([
      Buffer.from('{"resourceType":"Patient","name":[{"family":"M'),
      Buffer.of(0xc3, 0x28),
      Buffer.from('ller"}]}'),
    ]);
    const response = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: invalid,
    });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { resourceType: string }).resourceType).to.equal('OperationOutcome');
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  describe('Content-Encoding of request bodies (RFC 9110 §8.4)', () => {
    const post = (target: TestServer, body: Buffer, encoding: string) =>
      fetch(`${target.baseUrl}/Patient`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/fhir+json',
          'Content-Encoding': encoding,
          Accept: 'application/fhir+json',
        },
        body,
      });
    const patient = Buffer.from(JSON.stringify({ resourceType: 'Patient', active: true }));

    it('gzip and deflate bodies are decoded; identity is none (RFC 9110 §8.4.1)', async () => {
      for (const [encoding, body] of [
        ['gzip', gzipSync(patient)],
        ['deflate', deflateSync(patient)],
        ['identity', patient],
      ] as const) {
        const response = await post(server, body, encoding);
        expect(response.status, encoding).to.equal(201);
        expect(((await response.json()) as Patient).active).to.equal(true);
      }
    });

    it('another coding is 415, a body that does not decode 400; nothing stored (RFC 9110 §15.5.16)', async () => {
      const before = await storedState(server.store);
      expect((await post(server, patient, 'br2')).status).to.equal(415);
      expect((await post(server, gzipSync(patient), 'gzip, br')).status).to.equal(415);
      expect((await post(server, patient, 'gzip')).status).to.equal(400);
      expect(await storedState(server.store)).to.deep.equal(before);
    });

    it('the body limit holds after decoding: a zip bomb is 413 (BODY_LIMIT_BYTES)', async () => {
      const small = await startTestServer({ bodyLimitBytes: 64 * 1024 });
      try {
        const bomb = gzipSync(
          Buffer.concat([patient.subarray(0, -1), Buffer.from(`,"x":"${' '.repeat(10_000_000)}"}`)]),
        );
        expect(bomb.length).to.be.below(64 * 1024);
        expect((await post(small, bomb, 'gzip')).status).to.equal(413);
      } finally {
        await small.close();
      }
    });
  });
});

describe('datatypes.html#string — bounds on string length and nesting (STRING_MAX_LENGTH, JSON_MAX_DEPTH)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ security: { stringMaxLength: 1000, jsonMaxDepth: 8 } })));
  after(() => server.close());

  it('a string past the limit is 413 too-long, with its path as the expression; nothing stored', async () => {
    const before = await storedState(server.store);
    const long = 'x'.repeat(1001);
    const patient = { resourceType: 'Patient', name: [{ given: ['Ann', long] }] };
    const outcome = expectOutcome(await call(server, 'POST', 'Patient', { body: patient }), 413);
    expect(outcome.issue[0]?.code).to.equal('too-long');
    expect(outcome.issue[0]?.expression).to.deep.equal(['Patient.name[0].given[1]']);
    const transaction = batchOf(
      [{ resource: patient as Patient, request: { method: 'POST', url: 'Patient' } }],
      'transaction',
    );
    expect(
      expectOutcome(await call(server, 'POST', '', { body: transaction }), 413).issue[0]?.expression,
    ).to.deep.equal(['Bundle.entry[0].resource.name[0].given[1]']);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('base64Binary data (Attachment.data, Binary.data) is bounded by the body size only', async () => {
    const data = Buffer.alloc(3000, 7).toString('base64');
    expect(
      (await call(server, 'POST', 'Binary', { body: { resourceType: 'Binary', contentType: 'image/png', data } }))
        .status,
    ).to.equal(201);
    const media = {
      resourceType: 'Media',
      status: 'completed',
      content: { contentType: 'image/png', data },
    };
    expect((await call(server, 'POST', 'Media', { body: media })).status).to.equal(201);
  });

  it('nesting past JSON_MAX_DEPTH is 400, in JSON and XML', async () => {
    const nested = {
      resourceType: 'Patient',
      extension: [{ url: 'a', extension: [{ url: 'b', extension: [{ url: 'c', extension: [{ url: 'd' }] }] }] }],
    };
    expectOutcome(await call(server, 'POST', 'Patient', { body: nested }), 400);
    const xml = `<Patient xmlns="http://hl7.org/fhir">${'<extension url="u">'.repeat(9)}${'</extension>'.repeat(9)}</Patient>`;
    const headers = { 'Content-Type': 'application/fhir+xml' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: xml, headers }), 400);
  });
});
