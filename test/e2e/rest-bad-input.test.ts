// Bad input never makes a 500: every refusal is a 4xx OperationOutcome without internals
// (https://hl7.org/fhir/R4/http.html#Status, DESIGN "middleware/error").
import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { expectRefusal, raw, type RawRequest } from '../support/raw-http.js';
import { describeOnEachStore } from '../support/store-variants.js';

interface BadCase extends RawRequest {
  what: string;
  path: string;
  /** The exact status the spec asks for, when it names one. */
  status?: number;
}

/** `{"extension":[{"extension":[ … ]}]}` nested `depth` levels: a stack-depth trap for recursive code. */
function deepExtension(depth: number): string {
  return `{"resourceType":"Patient","extension":[${'{"url":"urn:x","extension":['.repeat(depth)}${']}'.repeat(depth)}]}`;
}

const CASES: BadCase[] = [
  { what: 'malformed JSON', path: 'Patient', method: 'POST', body: '{"resourceType": "Patient",', status: 400 },
  { what: 'unknown resource type (read)', path: 'Foo/1', status: 404 },
  { what: 'unknown resource type (search)', path: 'Foo', status: 404 },
  { what: 'unknown resource type (create)', path: 'Foo', method: 'POST', body: { resourceType: 'Foo' } },
  {
    what: 'wrong Content-Type',
    path: 'Patient',
    method: 'POST',
    body: '{"resourceType":"Patient"}',
    headers: { 'Content-Type': 'text/plain' },
    status: 415,
  },
  {
    what: 'XML with an external entity (XXE)',
    path: 'Patient',
    method: 'POST',
    body: '<!DOCTYPE P [<!ENTITY x SYSTEM "file:///etc/passwd">]><Patient xmlns="http://hl7.org/fhir"/>',
    headers: { 'Content-Type': 'application/fhir+xml' },
    status: 400,
  },
  { what: 'garbage _lastUpdated', path: 'Patient?_lastUpdated=xyz', status: 400 },
  { what: 'garbage birthdate', path: 'Patient?birthdate=ge-not-a-date', status: 400 },
  { what: 'body is an array', path: 'Patient', method: 'POST', body: '[]', status: 400 },
  { what: 'body is a string', path: 'Patient', method: 'POST', body: '"Patient"', status: 400 },
  { what: 'body is a number', path: 'Patient', method: 'POST', body: '42', status: 400 },
  { what: 'body is null', path: 'Patient', method: 'POST', body: 'null', status: 400 },
  { what: 'body is true', path: 'Patient', method: 'POST', body: 'true', status: 400 },
  {
    what: 'body of another type',
    path: 'Patient',
    method: 'POST',
    body: { resourceType: 'Observation', status: 'final', code: { text: 'x' } },
  },
  { what: 'body without resourceType', path: 'Patient', method: 'POST', body: { name: [{ family: 'X' }] } },
  { what: 'deeply nested extensions (5 000 levels)', path: 'Patient', method: 'POST', body: deepExtension(5000) },
  {
    what: 'deeply nested arrays (100 000 levels)',
    path: 'Patient',
    method: 'POST',
    body: `{"resourceType":"Patient","name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  },
  {
    what: 'transaction entry without request',
    path: '',
    method: 'POST',
    body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' } }] },
  },
  {
    what: 'Bundle of type collection posted to the base',
    path: '',
    method: 'POST',
    body: { resourceType: 'Bundle', type: 'collection', entry: [] },
  },
  { what: 'non-Bundle posted to the base', path: '', method: 'POST', body: { resourceType: 'Patient' } },
  {
    what: 'transaction entry with an unknown method',
    path: '',
    method: 'POST',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'BREW', url: 'Patient' } }],
    },
  },
  {
    what: 'transaction entry with a garbage url',
    path: '',
    method: 'POST',
    body: { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: '%%%/\u0000' } }] },
  },
  {
    what: 'update without id in the body',
    path: 'Patient/abc',
    method: 'PUT',
    body: { resourceType: 'Patient' },
    status: 400,
  },
  {
    what: 'update with another id in the body',
    path: 'Patient/abc',
    method: 'PUT',
    body: { resourceType: 'Patient', id: 'xyz' },
    status: 400,
  },
  { what: 'id with illegal characters', path: 'Patient/a$b' },
  { what: 'id longer than 64 characters', path: `Patient/${'a'.repeat(65)}` },
  { what: 'vread of an unknown version', path: 'Patient/nope/_history/99', status: 404 },
  { what: 'DELETE on the base', path: '', method: 'DELETE' },
  { what: 'Accept only Turtle', path: 'Patient', headers: { Accept: 'text/turtle' }, status: 406 },
  { what: '_format=ttl', path: 'Patient?_format=ttl', status: 406 },
];

describeOnEachStore('REST bad input', {}, (ctx) => {
  const base = () => ctx.server.baseUrl;

  for (const bad of CASES) {
    it(`${bad.what} → ${bad.status ?? '4xx'} OperationOutcome`, async function () {
      expectRefusal(await raw(base(), bad.path, bad), `${bad.method ?? 'GET'} /${bad.path} (${bad.what})`, bad.status);
    });
  }

  it('an invalid resource → 400 whose issues say where (issue.expression)', async function () {
    const response = await raw(base(), 'Patient', {
      method: 'POST',
      body: { resourceType: 'Patient', gender: 42, birthDate: 'yesterday' },
    });
    const outcome: OperationOutcome = expectRefusal(response, 'invalid Patient', 400);
    const expressions = outcome.issue.flatMap((issue) => issue.expression ?? []);
    expect(expressions.join(' '), 'issue.expression names the bad elements')
      .to.match(/gender/)
      .and.match(/birthDate/);
  });

  it('If-Match garbage → 4xx, and the resource is unchanged', async function () {
    const created = await ctx.client().create<Patient>({ resourceType: 'Patient', gender: 'male' });
    for (const ifMatch of ['W/"1" trailing', '"', '*/*', 'W/', '\u00e9t\u00e9']) {
      const response = await raw(base(), `Patient/${created.id ?? ''}`, {
        method: 'PUT',
        body: { ...created, gender: 'female' },
        headers: { 'If-Match': ifMatch },
      });
      expectRefusal(response, `If-Match: ${ifMatch}`);
    }
    expect((await ctx.client().read('Patient', created.id ?? '')).meta?.versionId).to.equal('1');
  });

  it('a huge, negative or non-numeric _count is clamped or refused, never a 500', async function () {
    for (const count of ['999999999999', '1e309', '-1', 'abc']) {
      const response = await raw(base(), `Patient?_count=${count}`);
      if (response.status >= 400) {
        expectRefusal(response, `_count=${count}`);
        continue;
      }
      expect(response.status, `_count=${count}: ${response.text.slice(0, 300)}`).to.equal(200);
      expect((response.json as Bundle).type).to.equal('searchset');
      expect((response.json as Bundle).entry?.length ?? 0).to.be.at.most(1000);
    }
  });

  it('an empty transaction is answered (an empty transaction-response, or a 4xx), never a 500', async function () {
    for (const type of ['transaction', 'batch'] as const) {
      const response = await raw(base(), '', { method: 'POST', body: { resourceType: 'Bundle', type, entry: [] } });
      if (response.status >= 400) {
        expectRefusal(response, `empty ${type}`);
        continue;
      }
      expect(response.status, response.text).to.equal(200);
      expect((response.json as Bundle).type).to.equal(`${type}-response`);
      expect((response.json as Bundle).entry ?? []).to.have.length(0);
    }
  });

  it('a batch entry without request is refused: the whole batch, or that entry with a 4xx', async function () {
    const body = { resourceType: 'Bundle', type: 'batch', entry: [{ resource: { resourceType: 'Patient' } }] };
    const response = await raw(base(), '', { method: 'POST', body });
    if (response.status >= 400) return void expectRefusal(response, 'batch entry without request');
    expect(response.status, response.text).to.equal(200);
    const entry = (response.json as Bundle).entry?.[0];
    expect(entry?.response?.status, JSON.stringify(entry)).to.match(/^4\d\d/);
    expect(entry?.response?.outcome?.resourceType).to.equal('OperationOutcome');
  });

  it('is still healthy after all of it', async function () {
    const health = await fetch(`${ctx.server.origin}/healthz`);
    expect(health.status).to.equal(200);
  });
});
