import type { AuditEvent, Bundle, CapabilityStatement, Parameters } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { AUDIT_CHAIN_URL } from '../audit/chain-extension.js';
import { bundle, call } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * AuditEvents are append-only (DESIGN "Data in MongoDB"): no update, patch or delete in any
 * form, for anyone, and the CapabilityStatement says so; $verify-chain needs auditor or admin.
 */
describe('AuditEvent append-only (http.html#summary: 405 for interactions not allowed)', () => {
  let server: TestServer;
  let event: AuditEvent & { id: string };

  before(async () => {
    server = await startTestServer();
    await call(server, 'GET', 'Patient/nobody');
    const found: Bundle = await bundle(server, 'AuditEvent?_count=1');
    event = found.entry?.[0]?.resource as AuditEvent & { id: string };
  });
  after(() => server.close());

  it('update, patch, delete and their conditional variants are 405 (http.html#update, #patch, #delete)', async () => {
    const patch = {
      body: [{ op: 'replace', path: '/outcome', value: '0' }],
      headers: { 'Content-Type': 'application/json-patch+json' },
    };
    const attempts = [
      await call(server, 'PUT', `AuditEvent/${event.id}`, { body: { ...event, outcome: '0' } }),
      await call(server, 'PUT', 'AuditEvent/brand-new', { body: { ...event, id: 'brand-new' } }),
      await call(server, 'PATCH', `AuditEvent/${event.id}`, patch),
      await call(server, 'DELETE', `AuditEvent/${event.id}`),
      await call(server, 'PUT', 'AuditEvent?outcome=4', { body: { ...event, id: undefined, outcome: '0' } }),
      await call(server, 'PATCH', 'AuditEvent?outcome=4', patch),
      await call(server, 'DELETE', 'AuditEvent?outcome=4'),
    ];
    for (const attempt of attempts) expectOutcome(attempt, 405);
    expect((await call(server, 'GET', `AuditEvent/${event.id}/_history`)).body).to.have.property('total', 1);
  });

  it('$meta-add and $meta-delete, which change a version in place, are 405 (resource-operation-meta-add.html)', async () => {
    const parameters: Parameters = {
      resourceType: 'Parameters',
      parameter: [{ name: 'meta', valueMeta: { tag: [{ code: 'x' }] } }],
    };
    expectOutcome(await call(server, 'POST', `AuditEvent/${event.id}/$meta-add`, { body: parameters }), 405);
    expectOutcome(await call(server, 'POST', `AuditEvent/${event.id}/$meta-delete`, { body: parameters }), 405);
  });

  it('in a batch each change is refused in its entry; a transaction with one fails whole (http.html#transaction)', async () => {
    const entries = [
      { request: { method: 'PUT', url: `AuditEvent/${event.id}` }, resource: { ...event, outcome: '0' } },
      { request: { method: 'DELETE', url: 'AuditEvent?outcome=4' } },
      { request: { method: 'PATCH', url: `AuditEvent/${event.id}` }, resource: { resourceType: 'Parameters' } },
    ];
    const batch = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'batch', entry: entries },
    });
    expect(batch.status).to.equal(200);
    expect(batch.body?.entry?.map((e) => e.response?.status.slice(0, 3))).to.deep.equal(['405', '405', '405']);
    const transaction = { resourceType: 'Bundle', type: 'transaction', entry: [entries[1]] };
    expectOutcome(await call(server, 'POST', '', { body: transaction }), 405);
  });

  it('the CapabilityStatement declares AuditEvent read, vread, history, search and create only, and why (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const auditEvent = statement?.rest?.[0]?.resource?.find((r) => r.type === 'AuditEvent');
    expect(auditEvent?.interaction?.map((i) => i.code)).to.have.members([
      'read',
      'vread',
      'history-instance',
      'history-type',
      'create',
      'search-type',
    ]);
    expect(auditEvent?.updateCreate).to.equal(false);
    expect(auditEvent?.conditionalUpdate).to.equal(false);
    expect(auditEvent?.conditionalDelete).to.equal('not-supported');
    expect(auditEvent?.documentation).to.include('Append-only').and.include(AUDIT_CHAIN_URL);
    expect(auditEvent?.operation?.map((o) => o.name)).to.include('verify-chain');
  });
});

describe('AuditEvent/$verify-chain (auditor and admin only)', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ auth: true });
  });
  after(() => server.close());

  const verify = async (token: string) =>
    call<Parameters>(server, 'GET', 'AuditEvent/$verify-chain', { headers: { Authorization: `Bearer ${token}` } });

  it('an auditor gets the report: valid, how many checked, the last sequence and hash', async () => {
    const token = await server.token({ scope: 'system/AuditEvent.rs', roles: ['auditor'] });
    await verify(token);
    const result = await verify(token);
    expect(result.status).to.equal(200);
    const valid = result.body?.parameter?.find((p) => p.name === 'valid');
    expect(valid?.valueBoolean).to.equal(true);
    const checked = result.body?.parameter?.find((p) => p.name === 'checked')?.valueInteger ?? 0;
    expect(checked).to.be.above(0);
  });

  it('a client with every scope but no operator role is refused with 403 (the operation declares its roles)', async () => {
    expectOutcome(await verify(await server.token({ scope: 'system/*.cruds' })), 403);
  });
});
