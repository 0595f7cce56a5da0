import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#cread — conditional read', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    server.clock.set('2026-03-04T05:06:07.890Z');
    patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
  });
  afterEach(() => server.close());

  const read = (path: string, headers: Record<string, string>) => call(server, 'GET', path, { headers });

  it('If-None-Match with the current ETag is 304 with ETag and Last-Modified, no body (http.html#cread)', async () => {
    for (const tag of ['W/"1"', '"1"', 'W/"7", W/"1"', '*']) {
      const result = await read(`Patient/${patient.id}`, { 'If-None-Match': tag });
      expect(result.status, tag).to.equal(304);
      expect(result.text).to.equal('');
      expect(result.headers.get('etag')).to.equal('W/"1"');
      expect(result.headers.get('last-modified')).to.equal('Wed, 04 Mar 2026 05:06:07 GMT');
    }
  });

  it('If-None-Match with another version answers the resource (http.html#cread)', async () => {
    const result = await read(`Patient/${patient.id}`, { 'If-None-Match': 'W/"0"' });
    expect(result.status).to.equal(200);
    expect(result.body).to.deep.equal(patient);
  });

  it('If-Modified-Since: 304 when not modified after it, 200 when modified (http.html#cread)', async () => {
    const path = `Patient/${patient.id}`;
    expect((await read(path, { 'If-Modified-Since': 'Wed, 04 Mar 2026 05:06:07 GMT' })).status).to.equal(304);
    expect((await read(path, { 'If-Modified-Since': 'Wed, 04 Mar 2026 05:06:06 GMT' })).status).to.equal(200);
    expect((await read(path, { 'If-Modified-Since': 'not a date' })).status).to.equal(200);
  });

  it('If-None-Match wins over If-Modified-Since (RFC 7232 §6)', async () => {
    const headers = { 'If-None-Match': 'W/"0"', 'If-Modified-Since': 'Wed, 04 Mar 2027 05:06:07 GMT' };
    expect((await read(`Patient/${patient.id}`, headers)).status).to.equal(200);
  });

  it('vread is conditional too (http.html#cread)', async () => {
    expect((await read(`Patient/${patient.id}/_history/1`, { 'If-None-Match': 'W/"1"' })).status).to.equal(304);
  });

  it('a batch entry with ifNoneMatch answers 304 Not Modified (bundle.html#transaction-response)', async () => {
    const result = await call<Bundle>(server, 'POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ request: { method: 'GET', url: `Patient/${patient.id}`, ifNoneMatch: 'W/"1"' } }],
      },
    });
    expect(result.body?.entry?.[0]?.response).to.deep.include({ status: '304 Not Modified', etag: 'W/"1"' });
    expect(result.body?.entry?.[0]?.resource).to.equal(undefined);
  });

  it('the CapabilityStatement declares conditionalRead full-support (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.rest?.[0]?.resource?.find((r) => r.type === 'Patient')?.conditionalRead).to.equal('full-support');
  });
});
