import type { Bundle, BundleEntry, CapabilityStatement, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { Access, OperatorRole } from '../auth/access.js';
import { parseScopes } from '../auth/scopes.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirRequest, FhirResult } from '../interactions/fhir-request.js';
import { call, created } from './http-call.js';
import { storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * Attacks on the engine's gate (interactions/authorize.ts) with crafted SMART access: each
 * request is what the auth middleware would hand the engine for a token with these scopes.
 * SMART App Launch 2 scopes: https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html
 */
describe('scopes-and-launch-context.html#scopes-for-requesting-clinical-data — the engine gate', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Target' }] });
  });
  afterEach(() => server.close());

  const access = (scope: string, more: { roles?: OperatorRole[]; patient?: string } = {}): Access => ({
    mode: 'smart',
    clientId: 'attacker',
    roles: new Set(more.roles ?? []),
    scopes: parseScopes(scope, (name) => server.app.engine.context.validator.isResourceType(name)),
    ...(more.patient !== undefined ? { patient: more.patient } : {}),
  });
  const run = (request: Partial<FhirRequest> & Pick<FhirRequest, 'interaction'>, granted: Access) =>
    server.app.engine.handle({ query: [], headers: {}, ...request, actor: { requestId: 'attack', access: granted } });
  const refused = async (attempt: Promise<FhirResult>): Promise<OperationOutcome> => {
    const error = await attempt.then(
      (result) => expect.fail(`expected 403, got ${result.status}`),
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(OperationOutcomeError);
    const { status, outcome } = error as OperationOutcomeError;
    expect(status).to.equal(403);
    expect(outcome.issue[0]?.code).to.equal('forbidden');
    return outcome;
  };
  const newPatient = { resourceType: 'Patient', name: [{ family: 'Forged' }] };
  const TAGS = { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [{ code: 'x' }] } }] };

  it('refuses a create with a read-only scope, v1 and v2 (c for create)', async () => {
    const before = await storedState(server.store);
    for (const scope of ['user/Patient.read', 'user/Patient.rs', 'system/*.rus']) {
      const outcome = await refused(
        run({ interaction: 'create', resourceType: 'Patient', body: newPatient }, access(scope)),
      );
      expect(outcome.issue[0]?.diagnostics).to.contain("'c' on Patient");
    }
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('refuses a delete with .rs and an update with .cr (d for delete, u for update and patch)', async () => {
    const before = await storedState(server.store);
    const { id } = patient;
    await refused(run({ interaction: 'delete', resourceType: 'Patient', id }, access('user/Patient.rs')));
    const body = { ...patient, active: false };
    await refused(run({ interaction: 'update', resourceType: 'Patient', id, body }, access('user/Patient.cr')));
    const ops = [{ op: 'add', path: '/active', value: false }];
    await refused(run({ interaction: 'patch', resourceType: 'Patient', id, body: ops }, access('user/Patient.crds')));
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('refuses a patch with u alone: an empty patch would answer the stored resource (http.html#patch)', async () => {
    const patch = { interaction: 'patch', resourceType: 'Patient', id: patient.id, body: [] } as const;
    const outcome = await refused(run(patch, access('user/Patient.u')));
    expect(JSON.stringify(outcome)).not.to.contain('Target');
    expect((await run(patch, access('user/Patient.ru'))).status).to.equal(200);
    const metaAdd = {
      interaction: 'operation',
      operation: 'meta-add',
      resourceType: 'Patient',
      id: patient.id,
    } as const;
    await refused(run({ ...metaAdd, method: 'POST', body: TAGS }, access('user/Patient.u')));
  });

  it('lets an update that creates pass with u alone (SMART: "this is allowed by the update scope")', async () => {
    const body = { ...newPatient, id: 'upserted' };
    const result = await run(
      { interaction: 'update', resourceType: 'Patient', id: 'upserted', body },
      access('system/Patient.u'),
    );
    expect(result.status).to.equal(201);
  });

  it('refuses conditional writes without s: their condition is a search (http.html#cond-update)', async () => {
    const query: Array<[string, string]> = [['family', 'Target']];
    const before = await storedState(server.store);
    await refused(
      run(
        { interaction: 'conditional-update', resourceType: 'Patient', query, body: newPatient },
        access('user/Patient.u'),
      ),
    );
    await refused(run({ interaction: 'conditional-delete', resourceType: 'Patient', query }, access('user/Patient.d')));
    const ops = [{ op: 'add', path: '/active', value: true }];
    await refused(
      run({ interaction: 'conditional-patch', resourceType: 'Patient', query, body: ops }, access('user/Patient.u')),
    );
    const headers = { ifNoneExist: 'family=Target' };
    await refused(
      run({ interaction: 'create', resourceType: 'Patient', headers, body: newPatient }, access('user/Patient.c')),
    );
    expect(await storedState(server.store)).to.deep.equal(before);
    const passed = await run(
      { interaction: 'conditional-update', resourceType: 'Patient', query, body: newPatient },
      access('user/Patient.us'),
    );
    expect(passed.status).to.equal(200);
  });

  it('refuses system/Patient.read searching Observation, and history-type without s', async () => {
    const patientRead = access('system/Patient.read');
    await refused(run({ interaction: 'search-type', resourceType: 'Observation' }, patientRead));
    const compartment = { interaction: 'search-compartment', resourceType: 'Patient', id: patient.id } as const;
    await refused(run({ ...compartment, searchType: 'Observation' }, patientRead));
    expect((await run({ interaction: 'search-type', resourceType: 'Patient' }, patientRead)).status).to.equal(200);
    const readOnly = access('system/Patient.r');
    await refused(run({ interaction: 'history-type', resourceType: 'Patient' }, readOnly));
    expect(
      (await run({ interaction: 'history-instance', resourceType: 'Patient', id: patient.id }, readOnly)).status,
    ).to.equal(200);
  });

  it('refuses system-level search and history unless some type is searchable', async () => {
    for (const scope of ['openid fhirUser', 'system/*.r', 'patient/*.rs', 'system/AuditEvent.rs']) {
      await refused(run({ interaction: 'search-system' }, access(scope)));
      await refused(run({ interaction: 'history-system' }, access(scope)));
    }
    expect((await run({ interaction: 'search-system' }, access('system/Patient.s'))).status).to.equal(200);
  });

  it('fails closed on a restricted v2 scope and on patient/ scopes without a patient in context', async () => {
    await refused(
      run(
        { interaction: 'search-type', resourceType: 'Observation' },
        access('user/Observation.rs?category=laboratory'),
      ),
    );
    await refused(run({ interaction: 'read', resourceType: 'Patient', id: patient.id }, access('patient/Patient.rs')));
    const launched = access('patient/Patient.rs', { patient: patient.id });
    expect((await run({ interaction: 'read', resourceType: 'Patient', id: patient.id }, launched)).status).to.equal(
      200,
    );
  });

  it('refuses an operation without its permission ($meta needs r, $meta-add ru, $validate r)', async () => {
    const instance = { interaction: 'operation', resourceType: 'Patient', id: patient.id, method: 'POST' } as const;
    await refused(run({ ...instance, operation: 'meta' }, access('user/Patient.cuds')));
    await refused(run({ ...instance, operation: 'meta-add', body: TAGS }, access('user/Patient.rs')));
    await refused(run({ ...instance, operation: 'validate' }, access('user/Observation.rs')));
    expect((await run({ ...instance, operation: 'meta' }, access('user/Patient.r'))).status).to.equal(200);
  });

  it('refuses AuditEvent reads to scopes alone, to patient launches, and allows the auditor role', async () => {
    const everything = 'user/*.cruds';
    const search = { interaction: 'search-type', resourceType: 'AuditEvent' } as const;
    await refused(run(search, access(everything)));
    await refused(run(search, access('system/AuditEvent.rs')));
    await refused(run({ interaction: 'history-type', resourceType: 'AuditEvent' }, access(everything)));
    await refused(run(search, access('patient/*.rs', { roles: ['auditor'], patient: patient.id })));
    expect((await run(search, access('system/AuditEvent.rs', { roles: ['auditor'] }))).status).to.equal(200);
    // The role never stands in for the scope.
    await refused(run(search, access('system/Patient.rs', { roles: ['admin'] })));
  });

  it('refuses a non-admin creating, patching, deleting a SearchParameter or adding to its meta', async () => {
    const definition = {
      resourceType: 'SearchParameter',
      url: 'http://example.org/SearchParameter/forged',
      name: 'forged',
      status: 'active',
      description: 'x',
      code: 'forged',
      base: ['Patient'],
      type: 'token',
      expression: 'Patient.gender',
    };
    const before = await storedState(server.store);
    const create = { interaction: 'create', resourceType: 'SearchParameter', body: definition } as const;
    for (const type of ['SearchParameter', 'StructureDefinition', 'ValueSet', 'CodeSystem', 'ImplementationGuide']) {
      await refused(run({ ...create, resourceType: type }, access('system/*.cruds', { roles: ['auditor'] })));
    }
    expect(await storedState(server.store)).to.deep.equal(before);
    const admin = access('system/*.cruds', { roles: ['admin'] });
    const stored = await run(create, admin);
    expect(stored.status).to.equal(201);
    const target = { resourceType: 'SearchParameter', id: stored.resource?.id ?? '' };
    const everything = access('system/*.cruds');
    const metaAdd = { interaction: 'operation', operation: 'meta-add', method: 'POST', body: TAGS } as const;
    await refused(run({ ...metaAdd, ...target }, everything));
    await refused(run({ interaction: 'delete', ...target }, everything));
    const ops = [{ op: 'replace', path: '/expression', value: 'Patient.birthDate' }];
    await refused(run({ interaction: 'patch', ...target, body: ops }, everything));
    const query: Array<[string, string]> = [['url', definition.url]];
    await refused(run({ interaction: 'conditional-delete', resourceType: 'SearchParameter', query }, everything));
  });

  it('fails a whole transaction over one denied entry, nothing applied (bundle.html#transaction)', async () => {
    const entry: BundleEntry[] = [
      { resource: newPatient as Patient, request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'DELETE', url: `Patient/${patient.id}` } },
    ];
    const before = await storedState(server.store);
    const body: Bundle = { resourceType: 'Bundle', type: 'transaction', entry };
    const outcome = await refused(run({ interaction: 'batch', body }, access('user/Patient.cru')));
    expect(outcome.issue[0]?.expression).to.deep.equal(['Bundle.entry[1]']);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('answers a denied batch entry in that entry and runs the others (bundle.html#batch)', async () => {
    const entry: BundleEntry[] = [
      { resource: newPatient as Patient, request: { method: 'POST', url: 'Patient' } },
      { request: { method: 'GET', url: 'AuditEvent' } },
      { request: { method: 'DELETE', url: `Patient/${patient.id}` } },
    ];
    const body: Bundle = { resourceType: 'Bundle', type: 'batch', entry };
    const result = await run({ interaction: 'batch', body }, access('user/*.cru'));
    const statuses = ((result.resource as Bundle).entry ?? []).map((e) => e.response?.status.slice(0, 3));
    expect(statuses).to.deep.equal(['201', '403', '403']);
  });

  it('declares its choices in the CapabilityStatement (rest.documentation, capabilitystatement.html)', async () => {
    const metadata = await call<CapabilityStatement>(server, 'GET', 'metadata');
    const documentation = metadata.body?.rest?.[0]?.documentation ?? '';
    expect(documentation).to.include('an update that creates needs u only');
    expect(documentation).to.include('$meta r on its type');
    expect(documentation).to.include('$meta-add ru on its type');
  });
});
