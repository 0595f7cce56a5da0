import type { AuditEvent, AuditEventAgent, Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const codeOf = (agent: AuditEventAgent) => agent.type?.coding?.[0]?.code;
const patientEntities = (event: AuditEvent | undefined) =>
  (event?.entity ?? []).filter((e) => e.role?.code === '1' && e.type?.code === '1').map((e) => e.what?.reference);

async function auditEvents(server: TestServer): Promise<AuditEvent[]> {
  const found: Bundle = await bundle(server, 'AuditEvent?_count=1000');
  return (found.entry ?? []).map((e) => e.resource as AuditEvent);
}

describe('AuditEvent shapes of IHE BALP (https://profiles.ihe.net/ITI/BALP/content.html)', () => {
  let server: TestServer;
  let alice: Patient & { id: string };
  let bob: Patient & { id: string };

  before(async () => {
    server = await startTestServer();
    alice = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Alice' }] });
    bob = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Bob' }] });
    for (const patient of [alice, bob]) {
      await created<Observation>(server, {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: `Patient/${patient.id}` },
      });
    }
  });
  after(() => server.close());

  it('agents: the client (Source Role ID), the server (Destination Role ID) with its URL (BALP basic patterns)', async () => {
    await call(server, 'GET', `Patient/${alice.id}`, { headers: { 'X-Request-Id': 'balp-agents' } });
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-agents"'));
    const [client, destination] = event?.agent ?? [];
    expect(client && codeOf(client)).to.equal('110153');
    expect(client?.type?.coding?.[0]?.system).to.equal(DCM);
    expect(client?.requestor).to.equal(true);
    expect(client?.network?.address).to.equal('127.0.0.1');
    expect(destination && codeOf(destination)).to.equal('110152');
    expect(destination?.network?.address).to.equal(server.baseUrl);
  });

  it('one patient entity (type 1, role 1) per patient a search returned (BALP Query)', async () => {
    await call(server, 'GET', 'Observation?status=final', { headers: { 'X-Request-Id': 'balp-search' } });
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-search"'));
    expect(patientEntities(event)).to.have.members([`Patient/${alice.id}`, `Patient/${bob.id}`]);
    expect(event?.entity?.filter((e) => e.role?.code === '24')).to.have.length(1);
  });

  it('a read of a Patient names it once, as the patient entity (BALP PatientRead)', async () => {
    await call(server, 'GET', `Patient/${bob.id}`, { headers: { 'X-Request-Id': 'balp-read' } });
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-read"'));
    expect(patientEntities(event)).to.deep.equal([`Patient/${bob.id}`]);
    expect(event?.entity?.filter((e) => e.what?.reference === `Patient/${bob.id}`)).to.have.length(1);
  });

  it('a write names the patient of the resource written (subject), even with Prefer: return=minimal', async () => {
    const body = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'y' },
      subject: { reference: `Patient/${alice.id}` },
    };
    const headers = { 'X-Request-Id': 'balp-write', Prefer: 'return=minimal' };
    expect((await call(server, 'POST', 'Observation', { body, headers })).status).to.equal(201);
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-write"'));
    expect(patientEntities(event)).to.deep.equal([`Patient/${alice.id}`]);
  });

  it('a token issued: DCM 110114 User Authentication, ITI-71, the client as Application, the jti and never the token (BALP IHE.IUA.71)', async () => {
    await server.app.engine.auditSecurity({
      kind: 'token-issued',
      status: 200,
      recorded: new Date(),
      requestId: 'balp-token',
      remoteAddress: '10.0.0.9',
      clientId: 'backend-1',
      tokenId: 'jti-42',
      scope: 'system/Patient.rs',
    });
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-token"'));
    expect(event?.type).to.deep.include({ system: DCM, code: '110114' });
    expect(event?.subtype?.map((s) => s.code)).to.include('ITI-71');
    expect(event?.outcome).to.equal('0');
    const [client, authServer] = event?.agent ?? [];
    expect(client && codeOf(client)).to.equal('110150');
    expect(client?.who?.identifier?.value).to.equal('backend-1');
    expect(client?.network?.address).to.equal('10.0.0.9');
    expect(authServer && codeOf(authServer)).to.equal('AuthzOauthService');
    const token = event?.entity?.find((e) => e.what?.identifier?.value?.startsWith('urn:ietf:params:oauth:jti:'));
    expect(token?.what?.identifier?.value).to.equal('urn:ietf:params:oauth:jti:jti-42');
    expect(token?.detail?.[0]?.valueString).to.equal('system/Patient.rs');
  });

  it('a refused token and a 401 denial are recorded with outcome 4 and the reason (auditevent.html#outcome)', async () => {
    const base = { recorded: new Date(), clientId: 'intruder' };
    await server.app.engine.auditSecurity({
      ...base,
      kind: 'token-refused',
      status: 400,
      requestId: 'balp-refused',
      failure: 'invalid_client',
    });
    await server.app.engine.auditSecurity({
      ...base,
      kind: 'access-denied',
      status: 401,
      requestId: 'balp-401',
      failure: 'expired token',
    });
    await server.app.engine.auditSecurity({
      ...base,
      kind: 'access-denied',
      status: 429,
      requestId: 'balp-429',
      failure: 'rate limited',
    });
    const events = await auditEvents(server);
    const of = (id: string) => events.find((e) => JSON.stringify(e.entity).includes(`"${id}"`));
    expect(of('balp-refused')).to.deep.include({ outcome: '4', outcomeDesc: 'invalid_client' });
    expect(of('balp-401')).to.deep.include({ outcome: '4', outcomeDesc: 'expired token' });
    expect(of('balp-401')?.type?.code).to.equal('110114');
    expect(of('balp-401')?.subtype?.[0]?.code).to.equal('110122');
    expect(of('balp-429')?.type?.code).to.equal('110113');
  });

  it('a client registered: DCM 110137 User Security Attributes Changed, action C', async () => {
    await server.app.engine.auditSecurity({
      kind: 'client-registered',
      status: 201,
      recorded: new Date(),
      requestId: 'balp-client',
      clientId: 'admin-1',
    });
    const event = (await auditEvents(server)).find((e) => JSON.stringify(e.entity).includes('"balp-client"'));
    expect(event?.type?.code).to.equal('110137');
    expect(event?.action).to.equal('C');
    expect(event?.agent?.[0]?.who?.identifier?.value).to.equal('admin-1');
  });
});
