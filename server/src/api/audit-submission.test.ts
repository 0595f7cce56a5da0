import type { AuditEvent, Bundle, CapabilityStatement, Extension } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { UNRESTRICTED_ACCESS, type Access, type OperatorRole } from '../auth/access.js';
import { AUDIT_SUBMITTER_URL } from '../audit/submitter-extension.js';
import { parseScopes } from '../auth/scopes.js';
import type { FhirEngine } from '../interactions/engine.js';
import { ask } from './confinement-harness.js';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

/** A forged "read" event: a made-up agent and source, back-dated, about Patient/pa. */
const FORGED: AuditEvent = {
  resourceType: 'AuditEvent',
  type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
  action: 'R',
  recorded: '2020-01-01T00:00:00Z',
  outcome: '0',
  agent: [{ who: { display: 'doctor' }, requestor: true }],
  source: { observer: { display: 'nexushealth' } },
  entity: [{ what: { reference: 'Patient/pa' } }],
  extension: [{ url: AUDIT_SUBMITTER_URL, extension: [{ url: 'client', valueString: 'the-server' }] }],
};

function submitter(event: AuditEvent | undefined): Record<string, string | undefined> {
  const parts: Extension[] = event?.extension?.find((e) => e.url === AUDIT_SUBMITTER_URL)?.extension ?? [];
  return Object.fromEntries(parts.map((part) => [part.url, part.valueString ?? part.valueInstant]));
}

/**
 * Who may add to the audit trail (R4 auditevent.html#scope, security.html#audit; IHE BALP: the
 * trail is the server's record): only an auditor or admin, never a patient launch nor a scope
 * alone; and what it adds says who submitted it, whatever the event claims.
 */
describe('auditevent.html — AuditEvents submitted through the API', () => {
  describe('engine', () => {
    let server: TestServer;
    let engine: FhirEngine;
    beforeEach(async () => {
      server = await startTestServer();
      engine = server.app.engine;
    });
    afterEach(() => server.close());

    const access = (scope: string, roles: OperatorRole[] = [], patient?: string): Access => ({
      mode: 'smart',
      clientId: 'submitter-app',
      tokenId: 'jti-1',
      roles: new Set(roles),
      scopes: parseScopes(scope, (type) => engine.context.validator.isResourceType(type)),
      ...(patient ? { patient } : {}),
    });
    // The forged event is the only one recorded in 2020 (AuditEvent `date` is `recorded`).
    const forgedStored = async () =>
      ((await ask(engine, UNRESTRICTED_ACCESS, 'GET', 'AuditEvent?date=2020-01-01')).resource as Bundle).entry ?? [];

    it('a patient launch, even with the auditor role, and a scope without a role are refused (403)', async () => {
      for (const caller of [
        access('patient/*.cruds', [], 'pa'),
        access('patient/*.cruds', ['auditor'], 'pa'),
        access('system/*.cruds'),
        access('system/*.cruds', ['hl7-sender']),
      ]) {
        expect((await ask(engine, caller, 'POST', 'AuditEvent', FORGED)).status).to.equal(403);
        const bundle = {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ resource: FORGED, request: { method: 'POST', url: 'AuditEvent', ifNoneExist: 'action=R' } }],
        };
        expect((await ask(engine, caller, 'POST', '', bundle)).status).to.equal(403);
        const batch = await ask(engine, caller, 'POST', '', { ...bundle, type: 'batch' });
        expect((batch.resource as Bundle).entry?.[0]?.response?.status).to.match(/^403/);
      }
      expect(await forgedStored()).to.deep.equal([]);
    });

    it('an auditor’s event is stored with its submitter taken from the token, a forged one replaced', async () => {
      const answer = await ask(engine, access('system/*.cruds', ['auditor']), 'POST', 'AuditEvent', FORGED);
      expect(answer.status).to.equal(201);
      const event = (await server.store.read('AuditEvent', (answer.resource as AuditEvent).id ?? ''))
        ?.resource as AuditEvent;
      expect(submitter(event)).to.include({ client: 'submitter-app', token: 'urn:ietf:params:oauth:jti:jti-1' });
      expect(submitter(event).received).to.match(/^\d{4}-/);
      expect(event.extension?.filter((e) => e.url === AUDIT_SUBMITTER_URL)).to.have.length(1);
      expect(await forgedStored()).to.have.length(1);
    });
  });

  describe('over HTTP (AUTH_MODE=smart)', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ auth: true });
    });
    after(() => server.close());

    it('a patient-context app and a system/*.cruds client without a role cannot forge an event (403)', async () => {
      for (const token of [
        await server.token({ scope: 'patient/*.cruds', patient: 'pa', clientId: 'app' }),
        await server.token({ scope: 'system/*.cruds', clientId: 'ops' }),
      ]) {
        const result = await call(server, 'POST', 'AuditEvent', { token, body: FORGED });
        expect(result.status, result.text).to.equal(403);
        const conditional = await call(server, 'POST', 'AuditEvent', {
          token,
          body: FORGED,
          headers: { 'If-None-Exist': 'action=R' },
        });
        expect(conditional.status).to.equal(403);
      }
    });

    it('an auditor’s event names its submitter; the server’s own events carry no submitter', async () => {
      const token = await server.token({ scope: 'system/*.cruds', roles: ['auditor'], clientId: 'remote-audit' });
      const result = await call<AuditEvent>(server, 'POST', 'AuditEvent', { token, body: FORGED });
      expect(result.status, result.text).to.equal(201);
      expect(submitter(result.body)).to.include({ client: 'remote-audit' });
      const found = await call<Bundle>(server, 'GET', 'AuditEvent?_count=100', { token });
      const events = (found.body?.entry ?? []).map((e) => e.resource as AuditEvent);
      const own = events.filter((event) => event.id !== result.body?.id);
      expect(own).to.not.be.empty;
      for (const event of own) expect(submitter(event)).to.deep.equal({});
    });

    it('the CapabilityStatement says who may submit and how submissions are marked', async () => {
      const metadata = await call<CapabilityStatement>(server, 'GET', 'metadata');
      const auditEvent = metadata.body?.rest?.[0]?.resource?.find((r) => r.type === 'AuditEvent');
      expect(auditEvent?.documentation).to.include(AUDIT_SUBMITTER_URL);
      expect(auditEvent?.documentation).to.include('auditor or admin role and no patient context');
    });
  });
});
