import type { Bundle, Patient, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResourceStore, SearchRequest } from '../store/port.js';
import { LiveDefinitions } from '../validation/live-definitions.js';
import { loadResourceValidator } from '../validation/load-validator.js';
import { call, created } from './http-call.js';
import { errorExpressions, expectOutcome } from './outcome-assertions.js';
import { patientDifferential, patientProfile } from './patient-profile.js';
import { startTestServer, type TestServer } from './test-server.js';

const URL = 'http://example.org/fhir/StructureDefinition/live-patient';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const profile = (url = URL) => patientProfile(url);

/** $validate of a Patient against `url`: 200 when the profile is known, 400 when not. */
async function validateAgainst(server: TestServer, url: string): Promise<number> {
  const path = `Patient/$validate?profile=${encodeURIComponent(url)}`;
  return (await call(server, 'POST', path, { body: { resourceType: 'Patient' } satisfies Patient })).status;
}

describe('validation.html — definitions written to the server are used for validation at once', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('a StructureDefinition created is a profile $validate knows at once; deleted, it is gone (structuredefinition.html)', async () => {
    expect(await validateAgainst(server, URL)).to.equal(400);
    const stored = await created(server, profile());
    expect(await validateAgainst(server, URL)).to.equal(200);
    expect(await validateAgainst(server, `${URL}|1.0.0`)).to.equal(200);
    expect((await call(server, 'DELETE', `StructureDefinition/${stored.id}`)).status).to.equal(204);
    expect(await validateAgainst(server, URL)).to.equal(400);
  });

  it('an update that changes the url takes the old one out of force (structuredefinition.html)', async () => {
    const stored = await created(server, profile());
    const moved = { ...profile(`${URL}-moved`), id: stored.id };
    expect((await call(server, 'PUT', `StructureDefinition/${stored.id}`, { body: moved })).status).to.equal(200);
    expect([await validateAgainst(server, URL), await validateAgainst(server, `${URL}-moved`)]).to.deep.equal([
      400, 200,
    ]);
  });

  it('a StructureDefinition in a transaction is in force after it (http.html#transaction)', async () => {
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: profile(), request: { method: 'POST', url: 'StructureDefinition' } }],
    };
    expect((await call(server, 'POST', '', { body: transaction })).status).to.equal(200);
    expect(await validateAgainst(server, URL)).to.equal(200);
  });

  it('an unusable StructureDefinition is refused with 400 and the element at fault (structuredefinition.html)', async () => {
    const broken = { ...profile(), snapshot: { element: [{ id: 'Patient' }] } };
    const outcome = expectOutcome(await call(server, 'POST', 'StructureDefinition', { body: broken }), 400);
    expect(outcome.issue.flatMap((i) => i.expression ?? [])).to.include('StructureDefinition.snapshot.element[0].path');
    const stored = await call<Bundle>(server, 'GET', 'StructureDefinition?_summary=count');
    expect(stored.body?.total).to.equal(0);
  });

  it('another process sharing the store picks a stored definition up on its next check (validation.html)', async () => {
    await created(server, profile());
    const validator = loadResourceValidator({ level: 'profiles', requiredProfiles: new Map(), igPackages: [] });
    const other = new LiveDefinitions(validator, server.store, silent, 0);
    expect(validator.profileType(URL)).to.equal(undefined);
    await other.refreshIfDue();
    expect(validator.profileType(URL)).to.equal('Patient');
  });

  it('two reloads at once: the newer definitions stay in force, however the older one is slowed (validation.html)', async () => {
    const held = holdFirstSearchOf('StructureDefinition', server.store);
    const validator = loadResourceValidator({ level: 'profiles', requiredProfiles: new Map(), igPackages: [] });
    const other = new LiveDefinitions(validator, held.store, silent, 0);
    const older = other.refresh();
    await held.reached;
    await created(server, profile());
    const newer = other.refresh();
    await Promise.race([newer, sleep(200)]);
    held.release();
    await Promise.all([older, newer]);
    expect(validator.profileType(URL)).to.equal('Patient');
  });

  it('a differential-only profile gets its snapshot and is used at once; an unknown base is 400 (structuredefinition.html#snapshot)', async () => {
    expect(
      (await call(server, 'PUT', 'StructureDefinition/born', { body: differential('born', BASE) })).status,
    ).to.equal(201);
    const claiming: Patient = { resourceType: 'Patient', meta: { profile: [`${URL}-born`] } };
    const outcome = expectOutcome(await call(server, 'POST', 'Patient', { body: claiming }), 422);
    expect(errorExpressions(outcome)).to.deep.equal(['Patient.birthDate']);
    const orphan = differential('orphan', 'http://example.org/fhir/StructureDefinition/nowhere');
    expectOutcome(await call(server, 'POST', 'StructureDefinition', { body: orphan }), 400);
  });

  it('a profile on a stored profile is put in force whatever the order they are read in (structuredefinition.html)', async () => {
    // Read by id: the derived one ("a-…") before its base ("z-…"), so it waits for a second pass.
    const base = { ...differential('born', BASE), id: 'z-born' };
    expect((await call(server, 'PUT', 'StructureDefinition/z-born', { body: base })).status).to.equal(201);
    const derived = { ...differential('derived', `${URL}-born`), id: 'a-derived' };
    expect((await call(server, 'PUT', 'StructureDefinition/a-derived', { body: derived })).status).to.equal(201);
    const validator = loadResourceValidator({ level: 'profiles', requiredProfiles: new Map(), igPackages: [] });
    await new LiveDefinitions(validator, server.store, silent, 0).refresh();
    expect(validator.profileType(`${URL}-derived`)).to.equal('Patient');
  });
});

const BASE = 'http://hl7.org/fhir/StructureDefinition/Patient';

/** `store`, whose first search of `type` answers only when released: a reload slowed at its end. */
function holdFirstSearchOf(type: string, store: ResourceStore) {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached = (): void => undefined;
  const reachedP = new Promise<void>((resolve) => (reached = resolve));
  let holding = true;
  const held = new Proxy(store, {
    get(target, key) {
      if (key === 'search') {
        return async (query: SearchRequest) => {
          const result = await target.search(query);
          if (holding && query.resourceTypes.includes(type)) {
            holding = false;
            reached();
            await released;
          }
          return result;
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: held, reached: reachedP, release };
}

/** A differential-only profile on Patient (birthDate 1..1) over `base`, stored with id `name`. */
function differential(name: string, base: string): StructureDefinition {
  const element = [{ id: 'Patient.birthDate', path: 'Patient.birthDate', min: 1 }];
  return { ...patientDifferential(`${URL}-${name}`, element, base), id: name, name };
}
