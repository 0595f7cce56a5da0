import type { AuditEvent, Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MAX_CONDITIONAL_DELETES } from '../interactions/conditional-delete.js';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const MRN = 'urn:mrn';
const withMrn = (value: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: MRN, value }] });

describe('http.html#3.1.0.7.1 — conditional delete', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('one match is deleted: 204, then read is 410 and history shows the delete (http.html#delete)', async () => {
    const patient = await created(server, withMrn('1'));
    const other = await created(server, withMrn('2'));
    const result = await call(server, 'DELETE', `Patient?identifier=${MRN}|1`);
    expect(result.status).to.equal(204);
    expect(result.headers.get('etag')).to.equal('W/"2"');
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}`), 410);
    expect((await call(server, 'GET', `Patient/${other.id}`)).status).to.equal(200);
  });

  it('several matches are all deleted, as one unit (conditionalDelete = multiple)', async () => {
    const ids = [(await created(server, withMrn('x'))).id, (await created(server, withMrn('x'))).id];
    expect((await call(server, 'DELETE', `Patient?identifier=${MRN}|x`)).status).to.equal(204);
    expect(idsOf(await bundle(server, `Patient?identifier=${MRN}|x`))).to.deep.equal([]);
    const events = ((await bundle(server, 'AuditEvent?_count=100')).entry ?? []).map((e) => e.resource as AuditEvent);
    const audit = events.find((e) => e.action === 'D');
    const audited = (audit?.entity ?? []).flatMap((e) => (e.what?.reference ? [e.what.reference] : []));
    expect(audited).to.include.members(ids.map((id) => `Patient/${id}`));
  });

  it('no match deletes nothing and succeeds with 204 (http.html#3.1.0.7.1)', async () => {
    await created(server, withMrn('1'));
    expect((await call(server, 'DELETE', `Patient?identifier=${MRN}|nope`)).status).to.equal(204);
    expect((await bundle(server, 'Patient')).total).to.equal(1);
  });

  it(`more than ${MAX_CONDITIONAL_DELETES} matches is a 412 that deletes nothing (http.html#3.1.0.7.1)`, async () => {
    const entry = Array.from({ length: MAX_CONDITIONAL_DELETES + 1 }, () => ({
      request: { method: 'POST', url: 'Patient' },
      resource: { resourceType: 'Patient', gender: 'other' },
    }));
    await call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } });
    expectOutcome(await call(server, 'DELETE', 'Patient?gender=other'), 412);
    expect((await bundle(server, 'Patient?gender=other&_count=1')).total).to.equal(MAX_CONDITIONAL_DELETES + 1);
  });

  it('conditional writes refuse an empty condition or one of result parameters only (http.html#cond-update)', async () => {
    const body = { resourceType: 'Patient' };
    expectOutcome(await call(server, 'DELETE', 'Patient'), 400);
    expectOutcome(await call(server, 'DELETE', 'Patient?_count=1'), 400);
    expectOutcome(await call(server, 'PUT', 'Patient?_sort=name', { body }), 400);
    expectOutcome(await call(server, 'POST', 'Patient', { body, headers: { 'If-None-Exist': '_sort=name' } }), 400);
    const jsonPatch = { 'Content-Type': 'application/json-patch+json' };
    expectOutcome(await call(server, 'PATCH', 'Patient?_count=1', { body: [], headers: jsonPatch }), 400);
    expectOutcome(await call(server, 'DELETE', 'Patient?colour=red'), 400);
  });

  it('inside a batch and a transaction (bundle.html#transaction)', async () => {
    const one = await created(server, withMrn('b1'));
    await created(server, withMrn('b2'));
    await created(server, withMrn('b2'));
    const entry = (value: string) => ({ request: { method: 'DELETE', url: `Patient?identifier=${MRN}|${value}` } });
    const batch = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'batch', entry: [entry('b2'), entry('none')] },
    });
    expect(batch.body?.entry?.map((e) => e.response?.status)).to.deep.equal(['204 No Content', '204 No Content']);
    const transaction = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: [entry('b1'), entry('none')] },
    });
    expect(transaction.body?.entry?.map((e) => e.response?.status)).to.deep.equal(['204 No Content', '204 No Content']);
    expectOutcome(await call(server, 'GET', `Patient/${one.id}`), 410);
  });

  it('in a transaction a condition matching several is a 412 (one write per entry)', async () => {
    await created(server, withMrn('t'));
    await created(server, withMrn('t'));
    const body = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'DELETE', url: `Patient?identifier=${MRN}|t` } }],
    };
    expectOutcome(await call(server, 'POST', '', { body }), 412);
    expect((await bundle(server, `Patient?identifier=${MRN}|t`)).total).to.equal(2);
  });

  it('the CapabilityStatement declares conditionalDelete multiple (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const patient = statement?.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.conditionalDelete).to.equal('multiple');
    expect(statement?.rest?.[0]?.documentation).to.contain(`up to ${MAX_CONDITIONAL_DELETES} in one unit`);
  });
});
