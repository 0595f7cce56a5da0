import type { AuditEvent, Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { OperatorRole } from '../auth/access.js';
import { call, created, type CallResult } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const SEARCH_PARAMETER = {
  resourceType: 'SearchParameter',
  url: 'http://example.org/SearchParameter/forged',
  name: 'forged',
  status: 'active',
  description: 'Forged by a client that is not an admin',
  code: 'forged',
  base: ['Patient'],
  type: 'token',
  expression: 'Patient.gender',
};

/**
 * The same attacks as scope-gate.test.ts, over HTTP with signed access tokens: what a client
 * holding a token with these scopes gets (SMART App Launch 2,
 * https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html).
 */
describe('scopes-and-launch-context.html — scope escalation over HTTP (AUTH_MODE=smart)', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  before(async () => {
    server = await startTestServer({ auth: true });
    const admin = await server.token({ scope: 'system/*.cruds', roles: ['admin'] });
    patient = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Target' }] }, admin);
  });
  after(() => server.close());

  const as = (scope: string, roles?: OperatorRole[], launch?: string) =>
    server.token({ scope, ...(roles ? { roles } : {}), ...(launch ? { patient: launch } : {}) });
  const forbidden = (result: CallResult, what: string) => {
    const outcome = expectOutcome(result, 403);
    expect(outcome.issue[0]?.code).to.equal('forbidden');
    expect(outcome.issue[0]?.diagnostics).to.contain(what);
    // The refusal names the type and permission, never the data.
    expect(result.text).not.to.contain('Target');
  };

  it('a read-only token cannot write (v1 .read, v2 .rs)', async () => {
    const before = await storedState(server.store);
    for (const scope of ['user/Patient.read', 'system/Patient.rs']) {
      const token = await as(scope);
      const body = { resourceType: 'Patient', name: [{ family: 'Forged' }] };
      forbidden(await call(server, 'POST', 'Patient', { token, body }), "'c' on Patient");
      forbidden(
        await call(server, 'PUT', `Patient/${patient.id}`, { token, body: { ...body, id: patient.id } }),
        "'u'",
      );
    }
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a .rs token cannot delete', async () => {
    const token = await as('system/Patient.rs');
    forbidden(await call(server, 'DELETE', `Patient/${patient.id}`, { token }), "'d' on Patient");
    expect((await call(server, 'GET', `Patient/${patient.id}`, { token })).status).to.equal(200);
  });

  it('a transaction cannot smuggle an entry its token does not allow; nothing is applied', async () => {
    const token = await as('system/Patient.cru');
    const entry: BundleEntry[] = [
      { resource: { resourceType: 'Patient', active: true }, request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'DELETE', url: `Patient/${patient.id}` } },
    ];
    const before = await storedState(server.store);
    const result = await call(server, 'POST', '', {
      token,
      body: { resourceType: 'Bundle', type: 'transaction', entry },
    });
    forbidden(result, "'d' on Patient");
    expect(expectOutcome(result, 403).issue[0]?.expression).to.deep.equal(['Bundle.entry[1]']);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('a batch answers the denied entry in place and runs the others', async () => {
    const token = await as('system/Patient.crus');
    const entry: BundleEntry[] = [
      { request: { method: 'GET', url: `Patient/${patient.id}` } },
      { request: { method: 'GET', url: 'Observation' } },
    ];
    const result = await call<Bundle>(server, 'POST', '', {
      token,
      body: { resourceType: 'Bundle', type: 'batch', entry },
    });
    expect(result.status, result.text).to.equal(200);
    const [read, search] = result.body?.entry ?? [];
    expect(read?.response?.status).to.match(/^200/);
    expect(search?.response?.status).to.match(/^403/);
    expect(search?.response?.outcome?.issue?.[0]?.code).to.equal('forbidden');
  });

  it('a conditional update with only u is refused: its condition is a search (http.html#cond-update)', async () => {
    const token = await as('system/Patient.u');
    const body = { resourceType: 'Patient', name: [{ family: 'Target' }], active: false };
    forbidden(await call(server, 'PUT', 'Patient?family=Target', { token, body }), "'s' on Patient");
  });

  it('an operation needs its declared permission ($meta: r)', async () => {
    const token = await as('system/Patient.cud');
    forbidden(await call(server, 'GET', `Patient/${patient.id}/$meta`, { token }), "'r' on Patient");
  });

  it('$everything needs r on Patient and $validate r on its type (patient-operation-everything.html)', async () => {
    const token = await as('system/Observation.rs system/Patient.s');
    forbidden(await call(server, 'GET', `Patient/${patient.id}/$everything`, { token }), "'r' on Patient");
    const body = { resourceType: 'Patient' };
    forbidden(await call(server, 'POST', 'Patient/$validate', { token, body }), "'r' on Patient");
    const reader = await as('system/Patient.r');
    expect((await call(server, 'GET', `Patient/${patient.id}/$everything`, { token: reader })).status).to.equal(200);
  });

  it('a conditional reference cannot probe a type the token may not search (http.html#trules)', async () => {
    const token = await as('system/Observation.c');
    const observation = (reference: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'probe' },
      subject: { reference },
    });
    for (const family of ['Target', 'Nobody']) {
      const body = observation(`Patient?family=${family}`);
      const result = await call(server, 'POST', 'Observation', { token, body });
      forbidden(result, "'s' on Patient");
      expect(expectOutcome(result, 403).issue[0]?.expression).to.deep.equal(['Observation.subject.reference']);
      const entry = [{ resource: body, request: { method: 'POST', url: 'Observation' } }];
      forbidden(
        await call(server, 'POST', '', { token, body: { resourceType: 'Bundle', type: 'transaction', entry } }),
        "'s' on Patient",
      );
    }
    const searcher = await as('system/Observation.c system/Patient.s');
    const result = await call(server, 'POST', 'Observation', {
      token: searcher,
      body: observation('Patient?family=Target'),
    });
    expect(result.status, result.text).to.equal(201);
  });

  it('a client without the admin role cannot register a SearchParameter, not even in a transaction', async () => {
    const token = await as('system/*.cruds', ['auditor', 'hl7-sender']);
    forbidden(await call(server, 'POST', 'SearchParameter', { token, body: SEARCH_PARAMETER }), 'SearchParameter');
    const entry = [{ resource: SEARCH_PARAMETER, request: { method: 'POST', url: 'SearchParameter' } }];
    const transaction = { resourceType: 'Bundle', type: 'transaction', entry };
    forbidden(await call(server, 'POST', '', { token, body: transaction }), 'SearchParameter');
    const admin = await as('system/SearchParameter.c', ['admin']);
    expect((await call(server, 'POST', 'SearchParameter', { token: admin, body: SEARCH_PARAMETER })).status).to.equal(
      201,
    );
  });

  it('a user/ token cannot read AuditEvents; an auditor can', async () => {
    for (const token of [await as('user/*.cruds'), await as('patient/*.rs', ['auditor'], patient.id)]) {
      forbidden(await call(server, 'GET', 'AuditEvent', { token }), 'AuditEvent');
      forbidden(await call(server, 'GET', 'AuditEvent/_history', { token }), 'AuditEvent');
    }
    const auditor = await as('system/AuditEvent.rs', ['auditor']);
    const trail = await call<Bundle<AuditEvent>>(server, 'GET', 'AuditEvent', { token: auditor });
    expect(trail.status, trail.text).to.equal(200);
    expect(trail.body?.entry?.length).to.be.greaterThan(0);
  });

  it('system/Patient.read cannot search Observation, nor its compartment', async () => {
    const token = await as('system/Patient.read');
    forbidden(await call(server, 'GET', 'Observation', { token }), "'s' on Observation");
    forbidden(await call(server, 'GET', `Patient/${patient.id}/Observation`, { token }), "'s' on Observation");
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    forbidden(
      await call(server, 'POST', 'Observation/_search', { token, body: '', headers: form }),
      "'s' on Observation",
    );
    expect((await call(server, 'GET', 'Patient', { token })).status).to.equal(200);
  });

  it('a token with no resource scope cannot search the system', async () => {
    const token = await as('openid fhirUser');
    forbidden(await call(server, 'GET', '', { token }), 'some resource type');
    forbidden(await call(server, 'GET', '_history', { token }), 'some resource type');
  });

  it('every refusal leaves an AuditEvent of the failure, without the token (security.html#audit)', async () => {
    const denials = async () => {
      const { records } = await server.store.history({ offset: 0, count: 1_000_000 });
      return records.flatMap(({ resource }) =>
        resource?.resourceType === 'AuditEvent' && /Access denied/.test(resource.outcomeDesc ?? '') ? [resource] : [],
      );
    };
    const before = (await denials()).length;
    const token = await as('system/Patient.rs');
    forbidden(await call(server, 'DELETE', `Patient/${patient.id}`, { token }), "'d' on Patient");
    const after = await denials();
    expect(after).to.have.length(before + 1);
    expect(after.map((event) => event.outcome)).not.to.include('0');
    expect(JSON.stringify(after)).not.to.contain(token);
  });
});
