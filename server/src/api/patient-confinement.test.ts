import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { UNRESTRICTED_ACCESS, type Access } from '../auth/access.js';
import type { FhirEngine } from '../interactions/engine.js';
import {
  ask,
  crossPatientTransaction,
  keysOf,
  observation,
  seed,
  tokenAccess,
  twoPatients,
} from './confinement-harness.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * Attacks by a patient-context token (`patient/` scopes, launch patient p1) on what lies outside
 * Patient/p1's compartment: p2's data, a Practitioner, a Patient linking to p1.
 */
describe('SMART scopes-and-launch-context — patient compartment confinement (engine)', () => {
  let server: TestServer;
  let engine: FhirEngine;
  let everything: Access;
  let readAll: Access;
  let observationsOnly: Access;
  let patientAndObservations: Access;

  before(async () => {
    server = await startTestServer();
    engine = server.app.engine;
    everything = tokenAccess(engine, 'launch/patient patient/*.cruds', 'p1');
    readAll = tokenAccess(engine, 'patient/*.rs', 'p1');
    observationsOnly = tokenAccess(engine, 'patient/Observation.rs', 'p1');
    patientAndObservations = tokenAccess(engine, 'patient/Patient.rs patient/Observation.rs', 'p1');
    await seed(engine, [
      ...twoPatients(),
      {
        resourceType: 'Patient',
        id: 'p3',
        link: [{ other: { reference: 'Patient/p1' }, type: 'seealso' }],
      } satisfies Patient,
      observation('o3', 'Patient/p1', 'pulse', 'Practitioner/dr'),
    ]);
  });
  after(() => server.close());

  describe('read, vread and history of an instance (http.html#read)', () => {
    it('another patient’s Observation answers 404, as a missing id does', async () => {
      const other = await ask(engine, readAll, 'GET', 'Observation/o2');
      const missing = await ask(engine, readAll, 'GET', 'Observation/nope');
      expect(other.status).to.equal(404);
      expect(JSON.stringify(other.resource).replace('o2', 'nope')).to.equal(JSON.stringify(missing.resource));
      expect((await ask(engine, readAll, 'GET', 'Observation/o1')).status).to.equal(200);
    });

    it('the Patient type is the launch patient only, not another one nor one that links to it', async () => {
      expect((await ask(engine, readAll, 'GET', 'Patient/p1')).status).to.equal(200);
      expect((await ask(engine, readAll, 'GET', 'Patient/p2')).status).to.equal(404);
      expect((await ask(engine, readAll, 'GET', 'Patient/p3')).status).to.equal(404);
    });

    it('a resource in no patient compartment (Practitioner) is out of reach of patient/ scopes', async () => {
      expect((await ask(engine, readAll, 'GET', 'Practitioner/dr')).status).to.equal(404);
    });

    it('vread and history of another patient’s resource answer 404', async () => {
      expect((await ask(engine, readAll, 'GET', 'Observation/o2/_history/1')).status).to.equal(404);
      expect((await ask(engine, readAll, 'GET', 'Observation/o2/_history')).status).to.equal(404);
      const own = await ask(engine, readAll, 'GET', 'Observation/o1/_history');
      expect(keysOf(own.resource)).to.deep.equal(['Observation/o1']);
    });
  });

  describe('search (http.html#search)', () => {
    it('a search without a patient parameter returns the launch patient’s data only, counted alone', async () => {
      const found = await ask(engine, readAll, 'GET', 'Observation?_total=accurate');
      expect(keysOf(found.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
      expect((found.resource as Bundle).total).to.equal(2);
      const count = await ask(engine, readAll, 'GET', 'Observation?_summary=count');
      expect((count.resource as Bundle).total).to.equal(2);
    });

    it('a search naming another patient finds nothing', async () => {
      const found = await ask(engine, readAll, 'GET', 'Observation?subject=Patient/p2&_summary=count');
      expect((found.resource as Bundle).total).to.equal(0);
      const patients = await ask(engine, readAll, 'GET', 'Patient?_summary=count');
      expect((patients.resource as Bundle).total).to.equal(1);
    });

    it('another patient’s compartment (Patient/p2/Observation, Patient/p2/*) is 404', async () => {
      expect((await ask(engine, readAll, 'GET', 'Patient/p2/Observation')).status).to.equal(404);
      expect((await ask(engine, readAll, 'GET', 'Patient/p2/*')).status).to.equal(404);
      const own = await ask(engine, readAll, 'GET', 'Patient/p1/Observation');
      expect(keysOf(own.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
    });

    it('Patient/p2/$everything is 404; the launch patient’s holds only its compartment', async () => {
      expect((await ask(engine, readAll, 'GET', 'Patient/p2/$everything')).status).to.equal(404);
      const own = await ask(engine, readAll, 'GET', 'Patient/p1/$everything');
      expect([...keysOf(own.resource), ...keysOf(own.resource, 'include')].sort()).to.deep.equal([
        'Observation/o1',
        'Observation/o3',
        'Patient/p1',
      ]);
    });

    it('a search set made for one caller is not served to another (410)', async () => {
      const first = await ask(engine, tokenAccess(engine, 'user/*.rs'), 'GET', 'Observation?_count=1');
      const next = (first.resource as Bundle).link?.find((l) => l.relation === 'next')?.url ?? '';
      const replayed = await ask(engine, readAll, 'GET', next.slice(next.indexOf('Observation')));
      expect(replayed.status).to.equal(410);
    });
  });

  describe('search.html#include — _include, _revinclude, :iterate', () => {
    it('_include=Observation:performer does not pull another patient or a Practitioner', async () => {
      const found = await ask(engine, readAll, 'GET', 'Observation?_include=Observation:performer');
      expect(keysOf(found.resource, 'include')).to.deep.equal([]);
      const clinician = await ask(
        engine,
        tokenAccess(engine, 'user/*.rs'),
        'GET',
        'Observation?subject=Patient/p1&_include=Observation:performer',
      );
      expect(keysOf(clinician.resource, 'include')).to.deep.equal(['Patient/p2', 'Practitioner/dr']);
    });

    it('_include:iterate does not go on from what the caller may not see', async () => {
      const url = 'Observation?_include=Observation:performer&_include:iterate=Patient:general-practitioner';
      expect(keysOf((await ask(engine, readAll, 'GET', url)).resource, 'include')).to.deep.equal([]);
    });

    it('_revinclude of a type the token does not grant adds nothing', async () => {
      const found = await ask(engine, observationsOnly, 'GET', 'Observation?_revinclude=Provenance:target');
      expect(keysOf(found.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
      expect(keysOf(found.resource, 'include')).to.deep.equal([]);
    });
  });

  describe('search.html#chaining and search.html#has', () => {
    it('a chain through a type the token may not search is 403', async () => {
      const found = await ask(engine, observationsOnly, 'GET', 'Observation?subject:Patient.name=Anna');
      expect(found.status).to.equal(403);
    });

    it('a chain cannot probe another patient: its inner search is confined too', async () => {
      // o1 (p1's) names p2 as performer: without confinement, match/no match would tell p2's name.
      const probe = await ask(engine, patientAndObservations, 'GET', 'Observation?performer:Patient.name=Bob');
      expect(keysOf(probe.resource)).to.deep.equal([]);
      const own = await ask(engine, patientAndObservations, 'GET', 'Observation?subject:Patient.name=Anna');
      expect(keysOf(own.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
    });

    it('_has through a type the token may not search is 403', async () => {
      const token = tokenAccess(engine, 'patient/Patient.rs', 'p1');
      const found = await ask(engine, token, 'GET', 'Patient?_has:Observation:subject:code=urn:test|pulse');
      expect(found.status).to.equal(403);
    });

    it('_has cannot probe another patient’s Observations', async () => {
      const probe = await ask(
        engine,
        patientAndObservations,
        'GET',
        'Patient?_has:Observation:subject:code=urn:test|secret',
      );
      expect(keysOf(probe.resource)).to.deep.equal([]);
      const own = await ask(
        engine,
        patientAndObservations,
        'GET',
        'Patient?_has:Observation:subject:code=urn:test|pulse',
      );
      expect(keysOf(own.resource)).to.deep.equal(['Patient/p1']);
    });
  });

  describe('search-system and history-system (http.html#search, #history)', () => {
    it('_type naming a type the token may not search is 403', async () => {
      expect((await ask(engine, observationsOnly, 'GET', '?_type=Patient')).status).to.equal(403);
      expect((await ask(engine, observationsOnly, 'GET', '?_type=Observation,Practitioner')).status).to.equal(403);
    });

    it('a system search reaches only the granted types, confined', async () => {
      const found = await ask(engine, observationsOnly, 'GET', '?_total=accurate');
      expect(keysOf(found.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
      expect((found.resource as Bundle).total).to.equal(2);
    });

    it('history of a type is the compartment’s versions; of the system, of the granted types only', async () => {
      const type = await ask(engine, readAll, 'GET', 'Observation/_history');
      expect(keysOf(type.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
      expect((type.resource as Bundle).total).to.equal(2);
      const observations = await ask(engine, observationsOnly, 'GET', '_history');
      expect(keysOf(observations.resource)).to.deep.equal(['Observation/o1', 'Observation/o3']);
      // AuditEvents about p1 are in its compartment, but only for auditors and admins.
      const system = await ask(engine, readAll, 'GET', '_history');
      expect(keysOf(system.resource)).to.deep.equal(['Observation/o1', 'Observation/o3', 'Patient/p1']);
    });
  });

  describe('SMART scopes-and-launch-context — v2 restricted scopes fail closed', () => {
    it('a restricted scope grants nothing: never the whole type, never more than the restriction', async () => {
      const laboratory = tokenAccess(engine, 'patient/Observation.rs?category=laboratory patient/Patient.rs', 'p1');
      expect((await ask(engine, laboratory, 'GET', 'Observation')).status).to.equal(403);
      expect((await ask(engine, laboratory, 'GET', 'Observation/o1')).status).to.equal(403);
      const included = await ask(engine, laboratory, 'GET', 'Patient?_revinclude=Observation:subject');
      expect(keysOf(included.resource, 'include')).to.deep.equal([]);
    });
  });

  describe('writes (http.html#create, #update, #patch, #delete, #transaction)', () => {
    it('creating a resource in another patient’s compartment is 403', async () => {
      const answer = await ask(engine, everything, 'POST', 'Observation', observation('x', 'Patient/p2', 'pulse'));
      expect(answer.status).to.equal(403);
      expect(
        (await ask(engine, everything, 'POST', 'Observation', observation('x', 'Patient/p1', 'pulse'))).status,
      ).to.equal(201);
    });

    it('updating, patching or deleting another patient’s resource answers 404 and changes nothing', async () => {
      const update = await ask(engine, everything, 'PUT', 'Observation/o2', observation('o2', 'Patient/p1', 'stolen'));
      expect(update.status).to.equal(404);
      const patch = [{ op: 'replace', path: '/status', value: 'cancelled' }];
      expect((await ask(engine, everything, 'PATCH', 'Observation/o2', patch)).status).to.equal(404);
      await ask(engine, everything, 'DELETE', 'Observation/o2');
      const stored = await server.store.read('Observation', 'o2');
      expect(stored?.deleted).to.equal(false);
      expect(stored?.versionId).to.equal('1');
    });

    it('moving one’s own resource into another patient’s compartment is 403', async () => {
      const answer = await ask(engine, everything, 'PUT', 'Observation/o3', observation('o3', 'Patient/p2', 'pulse'));
      expect(answer.status).to.equal(403);
    });

    it('a conditional delete does not reach another patient’s matches', async () => {
      await ask(engine, everything, 'DELETE', 'Observation?code=urn:test|secret');
      expect((await server.store.read('Observation', 'o2'))?.deleted).to.equal(false);
    });

    it('a transaction with one entry writing into another patient’s compartment fails whole', async () => {
      expect((await ask(engine, everything, 'POST', '', crossPatientTransaction())).status).to.equal(403);
      expect(await server.store.read('Observation', 't1')).to.equal(undefined);
    });

    it('one’s own delete reads 410 and stays in its history; another patient’s delete is 404 and its id not re-creatable', async () => {
      await seed(engine, [observation('gone', 'Patient/p1', 'pulse'), observation('gone2', 'Patient/p2', 'pulse')]);
      expect((await ask(engine, everything, 'DELETE', 'Observation/gone')).status).to.equal(204);
      expect((await ask(engine, everything, 'GET', 'Observation/gone')).status).to.equal(410);
      const history = await ask(engine, everything, 'GET', 'Observation/gone/_history');
      expect((history.resource as Bundle).total).to.equal(2);
      await ask(engine, UNRESTRICTED_ACCESS, 'DELETE', 'Observation/gone2');
      expect((await ask(engine, everything, 'GET', 'Observation/gone2')).status).to.equal(404);
      expect((await ask(engine, everything, 'GET', 'Observation/gone2/_history')).status).to.equal(404);
      const retaken = await ask(
        engine,
        everything,
        'PUT',
        'Observation/gone2',
        observation('gone2', 'Patient/p1', 'x'),
      );
      expect(retaken.status).to.equal(404);
    });
  });
});
