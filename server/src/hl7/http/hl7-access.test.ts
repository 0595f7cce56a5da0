import { MemoryInbox, type ReceivedMessage } from '@nexushealth/adapters';
import type { AuditEvent, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { OperatorRole } from '../../auth/access.js';
import type { SecurityAuditInput } from '../../audit/security-event.js';
import { startTestServer, type TestServer } from '../../api/test-server.js';
import { Hl7InboxApi } from '../inbox-api.js';
import { HL7_ER7, Hl7HttpIngest } from '../message-ingest.js';
import { hl7Routes } from './hl7-routes.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const RAW = 'MSH|^~\\&|LAB|NORTH|NH|NH|20260101||ADT^A08|C1|P|2.5.1\rPID|1||123^^^NORTH||SECRET^NAME\r';
const message: ReceivedMessage = {
  raw: RAW,
  key: 'LAB^NORTH^C1',
  sender: { transport: 'http' },
  controlId: 'C1',
  orderKey: 'urn:nexushealth:hl7v2:NORTH|123',
};

/**
 * Issue 6 roles on the HL7 v2 edge, as attacks: sending needs hl7-sender or admin; the inbox, dead
 * letters and replays (raw messages, PHI) need admin. RFC 6750 §3.1: 401 without a token,
 * 403 insufficient_scope with one that lacks the role; every refusal and every inbox read audited.
 */
describe('/hl7v2 access: operator roles (RFC 6750 §3.1, IHE BALP security alert / patient record access)', () => {
  let server: TestServer;
  let entryId: string;
  const url = (path: string) => server.baseUrl.replace(/\/fhir$/, `/hl7v2/${path}`);
  const tokenFor = (roles: OperatorRole[], clientId = 'hl7-test') =>
    server.token({ scope: 'system/*.cruds', roles, clientId });
  const call = async (method: string, path: string, token?: string, body?: string) =>
    fetch(url(path), {
      method,
      headers: {
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'Content-Type': HL7_ER7 }),
      },
      ...(body === undefined ? {} : { body }),
    });
  const auditEvents = async (): Promise<AuditEvent[]> => {
    const token = await server.token({ scope: 'system/AuditEvent.rs', roles: ['auditor'], clientId: 'auditor' });
    const response = await fetch(`${server.baseUrl}/AuditEvent?_count=1000`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return (((await response.json()) as Bundle).entry ?? []).map((e) => e.resource as AuditEvent);
  };
  const edgeRoutes = () => [
    ['POST', 'messages'],
    ['GET', 'inbox'],
    ['GET', 'dead-letters'],
    ['GET', `inbox/${entryId}`],
    ['POST', `inbox/${entryId}/$replay`],
    ['POST', 'dead-letters/$replay'],
  ];

  before(async () => {
    const inbox = new MemoryInbox();
    entryId = (await inbox.receive(message)).entry.id;
    const api = new Hl7InboxApi(inbox, async () => undefined, silent);
    const ingest = new Hl7HttpIngest(async () => 'MSH|^~\\&|NH\rMSA|AA|C2\r', silent);
    const audit = {
      audit: (input: SecurityAuditInput) => server.app.engine.auditSecurity(input),
      logger: silent,
      now: () => new Date(),
    };
    server = await startTestServer({
      auth: true,
      extraRouters: [hl7Routes({ ingest, api, bodyLimitBytes: 4096, audit })],
    });
  });
  after(() => server.close());

  it('401 with a Bearer challenge and an OperationOutcome (login) on every route without a token', async () => {
    for (const [method, path] of edgeRoutes()) {
      const response = await call(method!, path!, undefined, method === 'POST' ? RAW : undefined);
      expect(response.status, `${method} ${path}`).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer /);
      expect(((await response.json()) as OperationOutcome).issue[0]?.code).to.equal('login');
    }
  });

  it('403 forbidden for a token without an operator role, even with system/*.cruds: nothing sent, nothing read', async () => {
    const token = await tokenFor([], 'no-role');
    for (const [method, path] of edgeRoutes()) {
      const response = await call(method!, path!, token, method === 'POST' ? RAW : undefined);
      expect(response.status, `${method} ${path}`).to.equal(403);
      expect(response.headers.get('www-authenticate')).to.include('insufficient_scope');
      const text = await response.text();
      expect(text).to.not.include('SECRET');
      expect((JSON.parse(text) as OperationOutcome).issue[0]?.code).to.equal('forbidden');
    }
    const denied = (await auditEvents()).filter(
      (e) => e.outcomeDesc?.startsWith('role ') && e.agent.some((a) => a.who?.identifier?.value === 'no-role'),
    );
    expect(denied.map((e) => e.outcomeDesc).sort()).to.deep.equal([
      ...Array<string>(5).fill('role admin needed'),
      'role hl7-sender or admin needed',
    ]);
    expect(denied.every((e) => e.type?.code === '110113' && e.outcome === '4')).to.equal(true);
  });

  it('hl7-sender may send messages and nothing else: the inbox and replays stay admin-only', async () => {
    const token = await tokenFor(['hl7-sender'], 'sender');
    const sent = await call('POST', 'messages', token, RAW.replace('|C1|', '|C2|'));
    expect(sent.status).to.equal(200);
    expect(await sent.text()).to.include('MSA|AA|C2');
    for (const [method, path] of edgeRoutes().slice(1))
      expect((await call(method!, path!, token)).status, `${method} ${path}`).to.equal(403);
  });

  it('admin reads the inbox and each read is audited as a patient record access with the client and the path', async () => {
    const token = await tokenFor(['admin'], 'operator');
    const list = await call('GET', 'inbox?status=received', token);
    expect(list.status).to.equal(200);
    const read = await call('GET', `inbox/${entryId}`, token);
    expect(((await read.json()) as { raw: string }).raw).to.equal(RAW);
    const reads = (await auditEvents()).filter((e) => e.subtype?.[0]?.code === 'hl7-inbox-read');
    expect(reads.map((e) => e.entity?.find((x) => x.what?.display)?.what?.display).sort()).to.deep.equal([
      `/hl7v2/inbox/${entryId}`,
      '/hl7v2/inbox?status=received',
    ]);
    for (const event of reads) {
      expect(event).to.deep.include({ action: 'R', outcome: '0' });
      expect(event.type?.code).to.equal('110110');
      expect(event.agent.some((a) => a.who?.identifier?.value === 'operator')).to.equal(true);
      expect(JSON.stringify(event)).to.not.include('SECRET');
      // What was read is the inbox entry; the token's jti is the agent's policy, not an entity.
      expect(event.entity?.some((x) => x.what?.identifier?.value === entryId)).to.equal(true);
      expect(JSON.stringify(event.entity)).to.not.include('urn:ietf:params:oauth:jti:');
    }
  });

  it('admin replays: 202, audited as an hl7-inbox-replay', async () => {
    const token = await tokenFor(['admin'], 'operator');
    expect((await call('POST', 'dead-letters/$replay', token)).status).to.equal(202);
    const replays = (await auditEvents()).filter((e) => e.subtype?.[0]?.code === 'hl7-inbox-replay');
    expect(replays.map((e) => [e.action, e.entity?.find((x) => x.what?.display)?.what?.display])).to.deep.equal([
      ['E', '/hl7v2/dead-letters/$replay'],
    ]);
  });
});
