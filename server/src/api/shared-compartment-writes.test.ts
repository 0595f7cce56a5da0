import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { Access } from '../auth/access.js';
import type { FhirEngine } from '../interactions/engine.js';
import { ask, authServerWith, observation, seed, tokenAccess, twoPatients } from './confinement-harness.js';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * A patient-context token (launch patient p1) against what is in p1's compartment and another
 * patient's too: o1 (subject p1, performer p2) and shared (subject p2, performer p1). SMART
 * scopes-and-launch-context.html#patient-specific-scopes grants "the current patient's" data; R4's
 * CompartmentDefinition lets p1 read both, but writing them would change p2's record.
 */
describe('SMART scopes-and-launch-context#patient-specific-scopes — writes shared with another patient', () => {
  const shared = () => observation('shared', 'Patient/p2', 'shared', 'Patient/p1');
  const stolen = () => observation('shared', 'Patient/p1', 'shared');
  const PATCH = [{ op: 'replace', path: '/subject/reference', value: 'Patient/p1' }];

  describe('engine', () => {
    let server: TestServer;
    let engine: FhirEngine;
    let everything: Access;
    beforeEach(async () => {
      server = await startTestServer();
      engine = server.app.engine;
      everything = tokenAccess(engine, 'patient/*.cruds', 'p1');
      await seed(engine, [...twoPatients(), shared(), observation('own', 'Patient/p1', 'own')]);
    });
    afterEach(() => server.close());

    const unchanged = async (id = 'shared') => {
      const stored = await server.store.read('Observation', id);
      expect(stored?.versionId).to.equal('1');
      expect(stored?.deleted).to.equal(false);
    };

    it('reads it (R4 Observation compartment: subject | performer) but may not update, patch nor delete it: 403', async () => {
      expect((await ask(engine, everything, 'GET', 'Observation/shared')).status).to.equal(200);
      expect((await ask(engine, everything, 'PUT', 'Observation/shared', stolen())).status).to.equal(403);
      expect((await ask(engine, everything, 'PATCH', 'Observation/shared', PATCH)).status).to.equal(403);
      expect((await ask(engine, everything, 'DELETE', 'Observation/shared')).status).to.equal(403);
      await unchanged();
    });

    it('conditional update, patch and delete are refused the same (http.html#cond-update, #cond-delete)', async () => {
      const condition = 'Observation?code=urn:test|shared';
      const { id: _id, ...body } = stolen();
      expect((await ask(engine, everything, 'PUT', condition, body)).status).to.equal(403);
      expect((await ask(engine, everything, 'PATCH', condition, PATCH)).status).to.equal(403);
      expect((await ask(engine, everything, 'DELETE', condition)).status).to.equal(403);
      await unchanged();
    });

    it('a transaction deleting it fails whole; a batch answers 403 in the entry (bundle.html#transaction)', async () => {
      const entry = [
        { resource: observation('t1', 'Patient/p1', 'x'), request: { method: 'PUT', url: 'Observation/t1' } },
        { request: { method: 'DELETE', url: 'Observation/shared' } },
      ];
      const transaction = { resourceType: 'Bundle', type: 'transaction', entry };
      expect((await ask(engine, everything, 'POST', '', transaction)).status).to.equal(403);
      expect(await server.store.read('Observation', 't1')).to.equal(undefined);
      const batch = await ask(engine, everything, 'POST', '', { ...transaction, type: 'batch' });
      const statuses = ((batch.resource as Bundle).entry ?? []).map((e) => e.response?.status.slice(0, 3));
      expect(statuses).to.deep.equal(['201', '403']);
      await unchanged();
    });

    it('its own resource naming another patient is not moved out of that compartment, nor put into one', async () => {
      // o1: subject p1, performer p2 — dropping the performer would take it out of p2's record.
      const alone = observation('o1', 'Patient/p1', 'pulse');
      expect((await ask(engine, everything, 'PUT', 'Observation/o1', alone)).status).to.equal(403);
      const named = observation('own', 'Patient/p1', 'own', 'Patient/p2');
      expect((await ask(engine, everything, 'PUT', 'Observation/own', named)).status).to.equal(403);
      const created = observation('new', 'Patient/p1', 'new', 'Patient/p2');
      expect((await ask(engine, everything, 'POST', 'Observation', created)).status).to.equal(403);
      await unchanged('own');
      const mine = observation('own', 'Patient/p1', 'changed');
      expect((await ask(engine, everything, 'PUT', 'Observation/own', mine)).status).to.equal(200);
    });

    it('a caller that may not read it learns nothing: 404, as for a missing id', async () => {
      const writeOnly = tokenAccess(engine, 'patient/Observation.ud', 'p1');
      expect((await ask(engine, writeOnly, 'PUT', 'Observation/shared', stolen())).status).to.equal(404);
      expect((await ask(engine, writeOnly, 'DELETE', 'Observation/shared')).status).to.equal(404);
      await unchanged();
    });

    it('a user/ or system/ token is not confined and may write it', async () => {
      const backend = tokenAccess(engine, 'system/Observation.cruds');
      expect((await ask(engine, backend, 'PUT', 'Observation/shared', stolen())).status).to.equal(200);
    });
  });

  describe('over HTTP (AUTH_MODE=smart)', () => {
    let server: TestServer;
    let patientApp: string;
    before(async () => {
      server = await authServerWith([...twoPatients(), shared()]);
      patientApp = await server.token({ scope: 'launch/patient patient/*.cruds', patient: 'p1' });
    });
    after(() => server.close());

    it('PUT, conditional PUT and conditional DELETE of p2’s Observation that p1 performed are 403', async () => {
      const token = patientApp;
      expect((await call(server, 'GET', 'Observation/shared', { token })).status).to.equal(200);
      const put = await call(server, 'PUT', 'Observation/shared', { token, body: stolen() });
      expect(put.status, put.text).to.equal(403);
      const { id: _id, ...body } = stolen();
      expect((await call(server, 'PUT', 'Observation?code=urn:test|shared', { token, body })).status).to.equal(403);
      expect((await call(server, 'DELETE', 'Observation?code=urn:test|shared', { token })).status).to.equal(403);
      const stored = await server.store.read('Observation', 'shared');
      expect(stored?.versionId).to.equal('1');
      expect(stored?.compartments).to.include('Patient/p2');
    });

    it('the CapabilityStatement declares the rule (rest.documentation)', async () => {
      const metadata = await call<CapabilityStatement>(server, 'GET', 'metadata');
      expect(metadata.body?.rest?.[0]?.documentation).to.include('compartment alone, before and after');
    });
  });
});
