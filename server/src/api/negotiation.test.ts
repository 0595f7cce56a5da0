import type { CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created, FHIR_JSON } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#mime-type — content negotiation', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  before(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient' });
  });
  after(() => server.close());

  it('_format=json and its MIME type forms are served', async () => {
    for (const format of ['json', 'application/fhir+json', 'application/json']) {
      const result = await call(server, 'GET', `Patient/${patient.id}?_format=${encodeURIComponent(format)}`);
      expect(result.status, format).to.equal(200);
      expect(result.headers.get('content-type')).to.match(/^application\/fhir\+json/);
    }
  });

  it('_format=xml and its MIME type forms are served as FHIR XML (http.html#mime-type)', async () => {
    for (const format of ['xml', 'text/xml', 'application/xml', 'application/fhir+xml']) {
      const result = await call(server, 'GET', `Patient/${patient.id}?_format=${encodeURIComponent(format)}`);
      expect(result.status, format).to.equal(200);
      expect(result.headers.get('content-type')).to.match(/^application\/fhir\+xml/);
      expect(result.text).to.contain('<Patient xmlns="http://hl7.org/fhir">');
    }
  });

  it('_format wins over Accept, both ways (http.html#parameters)', async () => {
    const json = await call(server, 'GET', `Patient/${patient.id}?_format=json`, {
      headers: { Accept: 'application/fhir+xml' },
    });
    expect(json.headers.get('content-type')).to.match(/^application\/fhir\+json/);
    const xml = await call(server, 'GET', `Patient/${patient.id}?_format=xml`, { headers: { Accept: FHIR_JSON } });
    expect(xml.headers.get('content-type')).to.match(/^application\/fhir\+xml/);
  });

  it('Accept is read with its q-values; */* and no Accept are JSON (http.html#mime-type)', async () => {
    const typeFor = async (accept: string) =>
      (await call(server, 'GET', `Patient/${patient.id}`, { headers: { Accept: accept } })).headers.get('content-type');
    expect(await typeFor('application/fhir+xml')).to.match(/^application\/fhir\+xml/);
    expect(await typeFor('application/fhir+xml;q=0.9, application/fhir+json;q=0.8')).to.match(/\+xml/);
    expect(await typeFor('application/fhir+xml;q=0.5, application/fhir+json')).to.match(/\+json/);
    expect(await typeFor('text/html, application/xml;q=0.9, */*;q=0.8')).to.match(/\+xml/);
    expect(await typeFor('*/*')).to.match(/\+json/);
    expect(await typeFor('')).to.match(/\+json/);
  });

  it('an Accept or _format the server cannot serve is 406 with an OperationOutcome (http.html#mime-type)', async () => {
    for (const accept of ['text/turtle', 'application/fhir+xml;q=0, text/plain']) {
      const outcome = expectOutcome(
        await call(server, 'GET', `Patient/${patient.id}`, { headers: { Accept: accept } }),
        406,
      );
      expect(outcome.issue[0]?.expression).to.deep.equal(['Accept']);
    }
    for (const format of ['ttl', 'html', 'application/pdf']) {
      const outcome = expectOutcome(await call(server, 'GET', `Patient/${patient.id}?_format=${format}`), 406);
      expect(outcome.issue[0]?.expression).to.deep.equal(['_format']);
    }
  });

  it('a body as text/plain or for another FHIR version is 415 and stores nothing (http.html#version-parameter)', async () => {
    const before = await storedState(server.store);
    const body = JSON.stringify({ resourceType: 'Patient' });
    expectOutcome(await call(server, 'POST', 'Patient', { body, headers: { 'Content-Type': 'text/plain' } }), 415);
    const xmlAnswer = await call(server, 'POST', 'Patient', {
      body,
      headers: { 'Content-Type': 'application/pdf', Accept: 'application/fhir+xml' },
    });
    expectOutcome(xmlAnswer, 415, 'xml');
    const stu3 = { 'Content-Type': 'application/fhir+json; fhirVersion=3.0' };
    expectOutcome(await call(server, 'POST', 'Patient', { body, headers: stu3 }), 415);
    const accept = { Accept: 'application/fhir+json; fhirVersion=3.0' };
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}`, { headers: accept }), 406);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a form body is only accepted by _search', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: 'resourceType=Patient', headers: form }), 415);
  });

  it('POST _search takes a form body only; without a body the URL carries the parameters (http.html#search)', async () => {
    const headers = { 'Content-Type': 'application/fhir+json' };
    for (const path of ['Patient/_search', '_search']) {
      const outcome = expectOutcome(await call(server, 'POST', path, { body: { name: 'x' }, headers }), 415);
      expect(outcome.issue[0]?.diagnostics).to.match(/x-www-form-urlencoded/);
    }
    expect((await call(server, 'POST', 'Patient/_search?_count=1', { headers })).status).to.equal(200);
  });

  it('application/json with a charset is accepted as FHIR JSON', async () => {
    const headers = { 'Content-Type': 'application/json; charset=utf-8' };
    expect((await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient' }, headers })).status).to.equal(
      201,
    );
  });
});

describe('http.html#capabilities — GET [base]/metadata', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('answers a CapabilityStatement for FHIR 4.0.1 in JSON, declaring json and xml', async () => {
    const result = await call<CapabilityStatement>(server, 'GET', 'metadata');
    expect(result.status).to.equal(200);
    expect(result.body?.resourceType).to.equal('CapabilityStatement');
    expect(result.body?.fhirVersion).to.equal('4.0.1');
    expect(result.body?.format).to.include('application/fhir+json');
    expect(result.body?.format).to.include.members(['json', 'xml', 'application/fhir+xml']);
  });

  it('answers the CapabilityStatement in XML when asked (http.html#capabilities)', async () => {
    const result = await call<CapabilityStatement>(server, 'GET', 'metadata?_format=xml');
    expect(result.text).to.match(
      /^<\?xml version="1.0" encoding="UTF-8"\?><CapabilityStatement xmlns="http:\/\/hl7.org\/fhir">/,
    );
    expect(result.body?.fhirVersion).to.equal('4.0.1');
  });

  it('declares Patient with its interactions and search parameters', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const rest = statement?.rest?.find((r) => r.mode === 'server');
    const patient = rest?.resource?.find((r) => r.type === 'Patient');
    const codes = (patient?.interaction ?? []).map((i) => i.code);
    expect(codes).to.include.members([
      'read',
      'vread',
      'update',
      'delete',
      'create',
      'search-type',
      'history-instance',
      'history-type',
    ]);
    const params = (patient?.searchParam ?? []).map((p) => p.name);
    expect(params).to.include.members(['name', 'family', 'birthdate', 'identifier', 'gender']);
    expect((rest?.interaction ?? []).map((i) => i.code)).to.include.members(['batch', 'transaction', 'history-system']);
  });

  it('declares AuditEvent append-only: created, never changed or deleted', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const audit = statement?.rest?.[0]?.resource?.find((r) => r.type === 'AuditEvent');
    expect((audit?.interaction ?? []).map((i) => i.code).sort()).to.deep.equal([
      'create',
      'history-instance',
      'history-type',
      'read',
      'search-type',
      'vread',
    ]);
    expect(audit?.updateCreate).to.equal(false);
  });
});
