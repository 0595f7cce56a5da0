import type { AuditEvent, Bundle, CapabilityStatement, Parameters, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const TAGGED: Patient = { resourceType: 'Patient', meta: { tag: [{ system: 'urn:t', code: 'a' }] } };

describe('operations.html#executing — the operation framework', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('GET [type]/[id]/$op answers the output Parameters (operations.html#executing)', async () => {
    const patient = await created(server, TAGGED);
    const result = await call<Parameters>(server, 'GET', `Patient/${patient.id}/$meta`);
    expect(result.status).to.equal(200);
    expect(result.body?.resourceType).to.equal('Parameters');
    expect(result.body?.parameter?.[0]?.name).to.equal('return');
  });

  it('POST with a Parameters body runs the same operation (operations.html#executing)', async () => {
    const patient = await created(server, TAGGED);
    const body = { resourceType: 'Parameters' };
    const result = await call<Parameters>(server, 'POST', `Patient/${patient.id}/$meta`, { body });
    expect(result.status).to.equal(200);
    expect(result.body?.parameter?.[0]?.valueMeta?.tag).to.deep.equal(TAGGED.meta?.tag);
  });

  it('an operation the server does not know is a 404 OperationOutcome, at every level (operations.html)', async () => {
    const patient = await created(server, TAGGED);
    for (const path of ['$nope', 'Patient/$nope', `Patient/${patient.id}/$nope`]) {
      expectOutcome(await call(server, 'GET', path), 404);
      expectOutcome(await call(server, 'POST', path, { body: { resourceType: 'Parameters' } }), 404);
    }
  });

  it('an operation on an unknown resource type is a 404 (http.html#ops)', async () => {
    expectOutcome(await call(server, 'GET', 'Nope/1/$meta'), 404);
  });

  it('an input the definition does not name is a 400 with its name as expression (operations.html)', async () => {
    const patient = await created(server, TAGGED);
    const outcome = expectOutcome(await call(server, 'GET', `Patient/${patient.id}/$meta?colour=red`), 400);
    expect(outcome.issue[0]?.expression).to.deep.equal(['colour']);
    const body = { resourceType: 'Parameters', parameter: [{ name: 'colour', valueString: 'red' }] };
    expectOutcome(await call(server, 'POST', `Patient/${patient.id}/$meta`, { body }), 400);
  });

  it('a body that is not a valid Parameters resource is a 400 (operations.html#request)', async () => {
    const patient = await created(server, TAGGED);
    const path = `Patient/${patient.id}/$meta`;
    expectOutcome(await call(server, 'POST', path, { body: { resourceType: 'Patient' } }), 400);
    expectOutcome(await call(server, 'POST', path, { body: { resourceType: 'Parameters', parameter: {} } }), 400);
    expectOutcome(await call(server, 'POST', path, { body: [1] }), 400);
  });

  it('an instance operation on a missing or deleted resource is 404 / 410 (http.html#read)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient/nope/$meta'), 404);
    const patient = await created(server, TAGGED);
    await call(server, 'DELETE', `Patient/${patient.id}`);
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}/$meta`), 410);
  });

  it('the CapabilityStatement lists each operation with its canonical definition (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.rest?.[0]?.operation).to.deep.include({
      name: 'meta',
      definition: 'http://hl7.org/fhir/OperationDefinition/Resource-meta',
    });
  });

  it('an operation is audited like every interaction (auditevent.html, BALP)', async () => {
    const patient = await created(server, TAGGED);
    await call(server, 'GET', `Patient/${patient.id}/$meta`);
    await call(server, 'GET', '$nope');
    const events = ((await bundle(server, 'AuditEvent?_count=100')).entry ?? []).map((e) => e.resource as AuditEvent);
    const operations = events.filter((e) => e.subtype?.[0]?.code === 'operation');
    expect(operations.map((e) => e.outcome).sort()).to.deep.equal(['0', '4']);
  });

  it('operations run inside a batch, each entry on its own (bundle.html#batch)', async () => {
    const patient = await created(server, TAGGED);
    const result = await call<Bundle>(server, 'POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${patient.id}/$meta` } },
          { request: { method: 'POST', url: `Patient/${patient.id}/$meta` }, resource: { resourceType: 'Parameters' } },
          { request: { method: 'GET', url: 'Patient/$nope' } },
        ],
      },
    });
    const entries = result.body?.entry ?? [];
    expect(entries.map((e) => e.response?.status)).to.deep.equal(['200 OK', '200 OK', '404 Not Found']);
    expect(entries[0]?.resource?.resourceType).to.equal('Parameters');
  });
});
