import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { FhirEngine } from '../interactions/engine.js';
import { ask, authServerWith, keysOf, seed, tokenAccess, twoPatients } from './confinement-harness.js';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * History of a type or of the system is a search-like read (SMART scopes-and-launch-context:
 * `s`), of one resource a read (`r`): the gate asks that permission and the store lists only what
 * it reaches, so an `r` scope wider than the `s` one (system/Observation.r beside patient/*.rs)
 * never widens a type history, and a type read but not searched stays out of system history.
 */
describe('http.html#history — type and system history need s and list what s reaches', () => {
  const MIXED = 'patient/*.rs system/Observation.r system/Practitioner.r';

  describe('engine', () => {
    let server: TestServer;
    let engine: FhirEngine;
    before(async () => {
      server = await startTestServer();
      engine = server.app.engine;
      await seed(engine, twoPatients());
    });
    after(() => server.close());

    it('type history is confined by the s scope, not widened by a system/ r scope', async () => {
      const mixed = tokenAccess(engine, MIXED, 'p1');
      const type = await ask(engine, mixed, 'GET', 'Observation/_history');
      expect(keysOf(type.resource)).to.deep.equal(['Observation/o1']);
      // Instance history is a read: the system/ r scope reaches p2's Observation.
      expect((await ask(engine, mixed, 'GET', 'Observation/o2/_history')).status).to.equal(200);
    });

    it('system history leaves out a type the token reads but may not search', async () => {
      const found = await ask(engine, tokenAccess(engine, MIXED, 'p1'), 'GET', '_history');
      expect(keysOf(found.resource)).to.not.include('Practitioner/dr');
      expect(keysOf(found.resource)).to.not.include('Observation/o2');
      const searchOnly = tokenAccess(engine, 'system/Practitioner.s');
      expect(keysOf((await ask(engine, searchOnly, 'GET', '_history')).resource)).to.deep.equal(['Practitioner/dr']);
      expect((await ask(engine, searchOnly, 'GET', 'Practitioner/_history')).status).to.equal(200);
    });
  });

  describe('over HTTP (AUTH_MODE=smart)', () => {
    let server: TestServer;
    before(async () => {
      server = await authServerWith(twoPatients());
    });
    after(() => server.close());

    it('a mixed token’s type and system history hold only the launch patient’s searchable data', async () => {
      const token = await server.token({ scope: MIXED, patient: 'p1' });
      const type = await call<Bundle>(server, 'GET', 'Observation/_history', { token });
      expect(keysOf(type.body)).to.deep.equal(['Observation/o1']);
      const system = await call<Bundle>(server, 'GET', '_history', { token });
      expect(keysOf(system.body)).to.not.include('Practitioner/dr');
      expect(keysOf(system.body)).to.not.include('Observation/o2');
      const readOnly = await server.token({ scope: 'system/Observation.r' });
      expect((await call(server, 'GET', 'Observation/_history', { token: readOnly })).status).to.equal(403);
    });

    it('the CapabilityStatement declares it (rest.documentation)', async () => {
      const metadata = await call<CapabilityStatement>(server, 'GET', 'metadata');
      expect(metadata.body?.rest?.[0]?.documentation).to.include(
        'history of a type or the system is a search-like read',
      );
    });
  });
});
