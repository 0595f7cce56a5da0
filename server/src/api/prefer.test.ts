import type { Bundle, OperationOutcome, Parameters, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const prefer = (value: string) => ({ Prefer: `return=${value}` });

describe('http.html#ops — Prefer: return=minimal | representation | OperationOutcome', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
  });
  afterEach(() => server.close());

  interface Write {
    method: string;
    path: string;
    body: unknown;
    headers: Record<string, string>;
  }
  const writes = (): Write[] => [
    { method: 'POST', path: 'Patient', body: { resourceType: 'Patient' }, headers: {} },
    { method: 'PUT', path: `Patient/${patient.id}`, body: { ...patient, active: false }, headers: {} },
    {
      method: 'PATCH',
      path: `Patient/${patient.id}`,
      body: [{ op: 'replace', path: '/active', value: true }],
      headers: { 'Content-Type': 'application/json-patch+json' },
    },
  ];

  it('minimal: no body, headers still there (http.html#ops)', async () => {
    for (const write of writes()) {
      const result = await call(server, write.method, write.path, {
        body: write.body,
        headers: { ...write.headers, ...prefer('minimal') },
      });
      expect(result.status, write.method).to.be.oneOf([200, 201]);
      expect(result.text, write.method).to.equal('');
      expect(result.headers.get('etag'), write.method).to.match(/^W\/"\d+"$/);
    }
  });

  it('representation: the resource as stored (http.html#ops)', async () => {
    for (const write of writes()) {
      const result = await call<Patient>(server, write.method, write.path, {
        body: write.body,
        headers: { ...write.headers, ...prefer('representation') },
      });
      expect(result.body?.resourceType, write.method).to.equal('Patient');
      expect(result.body?.meta?.versionId, write.method).to.be.a('string');
    }
  });

  it('OperationOutcome: an informational outcome, also for a delete (200) (http.html#ops)', async () => {
    for (const write of [
      ...writes(),
      { method: 'DELETE', path: `Patient/${patient.id}`, body: undefined, headers: {} },
    ]) {
      const result = await call<OperationOutcome>(server, write.method, write.path, {
        ...(write.body === undefined ? {} : { body: write.body }),
        headers: { ...write.headers, ...prefer('OperationOutcome') },
      });
      expect(result.status, write.method).to.be.oneOf([200, 201]);
      expect(result.body?.resourceType, write.method).to.equal('OperationOutcome');
      expect(result.body?.issue?.[0]?.severity).to.equal('information');
    }
  });

  it('reads, searches by POST and operations answer their result whatever Prefer says (http.html#ops)', async () => {
    const search = await call<Bundle>(server, 'POST', 'Patient/_search', {
      body: 'active=true',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...prefer('minimal') },
    });
    expect(search.body?.resourceType).to.equal('Bundle');
    const meta = await call<Parameters>(server, 'POST', `Patient/${patient.id}/$meta`, {
      body: { resourceType: 'Parameters' },
      headers: prefer('minimal'),
    });
    expect(meta.body?.resourceType).to.equal('Parameters');
  });

  it('batch entries: minimal by default, the resource or an outcome when asked (bundle.html#transaction-response)', async () => {
    const batch = (headers: Record<string, string>) =>
      call<Bundle>(server, 'POST', '', {
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient' } },
            { request: { method: 'GET', url: `Patient/${patient.id}` } },
          ],
        },
        headers,
      });
    const plain = (await batch({})).body?.entry ?? [];
    expect([plain[0]?.resource, plain[0]?.response?.outcome]).to.deep.equal([undefined, undefined]);
    expect(plain[1]?.resource?.resourceType).to.equal('Patient');
    const full = (await batch(prefer('representation'))).body?.entry ?? [];
    expect(full[0]?.resource?.resourceType).to.equal('Patient');
    const outcome = (await batch(prefer('OperationOutcome'))).body?.entry ?? [];
    expect(outcome[0]?.response?.outcome?.resourceType).to.equal('OperationOutcome');
    expect(outcome[0]?.resource).to.equal(undefined);
    expect(outcome[1]?.resource?.resourceType).to.equal('Patient');
  });
});
