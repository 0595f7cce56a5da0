import type { CodeSystem, OperationOutcome, Patient, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created, type CallResult } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { patientProfile } from './patient-profile.js';
import { startTestServer, type TestServer } from './test-server.js';

const GENDER_VS = 'http://hl7.org/fhir/ValueSet/administrative-gender';
const NEXUS_PATIENT = 'http://nexushealth.org/fhir/StructureDefinition/nexus-patient';
const OK_PATIENT: Patient = {
  resourceType: 'Patient',
  gender: 'female',
  identifier: [{ system: 'urn:x', value: '1' }],
};

/** A ValueSet that allows nothing but `x`: what an attacker would put in force under a core url. */
const hostileValueSet = (url: string): ValueSet => ({
  resourceType: 'ValueSet',
  url,
  version: '4.0.1',
  status: 'active',
  compose: { include: [{ system: 'urn:hostile', concept: [{ code: 'x' }] }] },
});

/** Stored (2xx) as data, with a warning at the url that it is not put in force; no error. */
function storedNotInForce(answer: CallResult<OperationOutcome>, expression: string): void {
  expect(answer.status, answer.text).to.be.oneOf([200, 201]);
  const outcome = answer.body as OperationOutcome;
  expect(outcome.issue.filter((i) => i.severity === 'error')).to.deep.equal([]);
  const warnings = outcome.issue.filter((i) => i.code === 'business-rule');
  expect(warnings.map((i) => [i.severity, i.expression?.[0]])).to.deep.equal([['warning', expression]]);
}

/** Written with `Prefer: return=OperationOutcome`, so the answer carries the warnings (http.html#ops). */
function write(server: TestServer, method: 'POST' | 'PUT', path: string, body: object) {
  return call<OperationOutcome>(server, method, path, { body, headers: { Prefer: 'return=OperationOutcome' } });
}

/** A definition written past the API: stored before its url was owned (e.g. before an IG was loaded). */
async function storedBefore(server: TestServer, resource: StructureDefinition, id: string): Promise<void> {
  const lastUpdated = '2026-01-01T00:00:00.000Z';
  await server.store.commit([
    {
      record: {
        resourceType: resource.resourceType,
        id,
        versionId: '1',
        lastUpdated,
        deleted: false,
        resource: { ...resource, id, meta: { versionId: '1', lastUpdated } },
        idx: {},
        compartments: [],
      },
      expectedVersionId: null,
    },
  ]);
}

describe('resource.html#canonical — a url of the R4 core, the project or an IG package is theirs alone', function () {
  this.timeout(60_000);
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ validation: { requiredProfiles: new Map([['Patient', [NEXUS_PATIENT]]]) } });
  });
  afterEach(() => server.close());

  it('a ValueSet or CodeSystem under a core url is stored but never in force: every gender still writes (resource.html#canonical)', async () => {
    storedNotInForce(await write(server, 'POST', 'ValueSet', hostileValueSet(GENDER_VS)), 'ValueSet.url');
    const codeSystem: CodeSystem = {
      resourceType: 'CodeSystem',
      url: 'http://hl7.org/fhir/administrative-gender',
      status: 'active',
      content: 'complete',
      concept: [{ code: 'x' }],
    };
    storedNotInForce(await write(server, 'PUT', 'CodeSystem/g', { ...codeSystem, id: 'g' }), 'CodeSystem.url');
    const v2 = { ...codeSystem, url: 'http://terminology.hl7.org/CodeSystem/v2-0203' };
    storedNotInForce(await write(server, 'POST', 'CodeSystem', v2), 'CodeSystem.url');
    const anyCore = hostileValueSet('http://hl7.org/fhir/ValueSet/not-in-r4-but-core-namespace');
    storedNotInForce(await write(server, 'POST', 'ValueSet', anyCore), 'ValueSet.url');
    expect((await call(server, 'POST', 'Patient', { body: OK_PATIENT })).status).to.equal(201);
  });

  it('a StructureDefinition with the url of a required profile, any version, is stored but never in force; the profile stays (structuredefinition.html)', async () => {
    const loose = { ...patientProfile(NEXUS_PATIENT), version: '99.0.0' };
    storedNotInForce(await write(server, 'POST', 'StructureDefinition', loose), 'StructureDefinition.url');
    const core = patientProfile('http://hl7.org/fhir/StructureDefinition/Patient');
    storedNotInForce(await write(server, 'POST', 'StructureDefinition', core), 'StructureDefinition.url');
    // Still required: no identifier → 422 with the profile's element.
    const refused = expectOutcome(await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient' } }), 422);
    expect(refused.issue.flatMap((i) => i.expression ?? [])).to.include('Patient.identifier');
  });

  it('one stored before its url was owned is skipped at start, and its delete removes nothing else (validation.html)', async () => {
    await storedBefore(server, { ...patientProfile(NEXUS_PATIENT), version: '99.0.0' }, 'old-copy');
    await storedBefore(server, hostileValueSet(GENDER_VS) as never, 'old-gender');
    await server.app.definitions.refresh();
    expectOutcome(await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient' } }), 422);
    expect((await call(server, 'POST', 'Patient', { body: OK_PATIENT })).status).to.equal(201);
    expect((await call(server, 'DELETE', 'StructureDefinition/old-copy')).status).to.equal(204);
    const path = `Patient/$validate?profile=${encodeURIComponent(NEXUS_PATIENT)}`;
    expect((await call(server, 'POST', path, { body: OK_PATIENT })).status).to.equal(200);
    expectOutcome(await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient' } }), 422);
  });

  it('deleting one stored version of a url takes out that one alone (structuredefinition.html, http.html#delete)', async () => {
    const url = 'http://example.org/fhir/StructureDefinition/versions';
    const one = await created(server, { ...patientProfile(url), version: '1.0.0' });
    await created(server, { ...patientProfile(url), version: '2.0.0' });
    expect((await call(server, 'DELETE', `StructureDefinition/${one.id}`)).status).to.equal(204);
    const validate = (canonical: string) =>
      call(server, 'POST', `Patient/$validate?profile=${encodeURIComponent(canonical)}`, { body: OK_PATIENT });
    expect([(await validate(`${url}|1.0.0`)).status, (await validate(`${url}|2.0.0`)).status]).to.deep.equal([
      400, 200,
    ]);
  });
});

describe('http.html#create — 400 for basic FHIR validation, 422 for the profiles that apply', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ validation: { requiredProfiles: new Map([['Patient', [NEXUS_PATIENT]]]) } });
  });
  after(() => server.close());

  it('a base-definition error is 400 even with profile errors beside it; profile errors alone are 422', async () => {
    const bad = { resourceType: 'Patient', gender: 'x' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: bad }), 400);
    expectOutcome(await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient', gender: 'male' } }), 422);
    expectOutcome(await call(server, 'POST', 'Patient', { body: { resourceType: 'Patient', foo: 1 } }), 400);
  });

  it('a profile-only error in a patch is 422 (http.html#patch)', async () => {
    const patient = await created(server, OK_PATIENT);
    const patch = [{ op: 'remove', path: '/identifier' }];
    const answer = await call(server, 'PATCH', `Patient/${patient.id}`, {
      body: patch,
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    expectOutcome(answer, 422);
  });
});
