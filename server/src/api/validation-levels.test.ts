import type { Bundle, CapabilityStatement, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { call, created } from './http-call.js';
import { errorExpressions, expectOutcome } from './outcome-assertions.js';
import { patientProfile } from './patient-profile.js';
import { sharedDataFolder } from './shared-data.js';
import { startTestServer, type TestServer } from './test-server.js';

const US_CORE_PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
/** Valid for the R4 JSON schema, not for the base Observation definition: one value[x] only. */
const TWO_VALUES: Observation = {
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'x' },
  valueString: 'a',
  valueBoolean: true,
};
const CLAIMING: Patient = { resourceType: 'Patient', meta: { profile: [US_CORE_PATIENT] } };
const US_CORE_OK: Patient = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:oid:1.2.3', value: '1' }],
  name: [{ family: 'Lee' }],
  gender: 'female',
};

describe('validation.html — what writes are validated against (VALIDATION, REQUIRED_PROFILES, IG_PACKAGES)', function () {
  this.timeout(60_000);
  let server: TestServer | undefined;
  const start = async (validation: Partial<ValidationSettings>) => (server = await startTestServer({ validation }));
  const usCore = () => {
    const folder = sharedDataFolder('us-core-packages');
    return folder ? [`${folder}/hl7.fhir.us.core-3.1.1.tgz`] : undefined;
  };
  afterEach(() => server?.close());

  it('off: the JSON schema only; base: the base StructureDefinitions too (validation.html#structure)', async () => {
    const off = await start({ level: 'off' });
    expect((await call(off, 'POST', 'Observation', { body: TWO_VALUES })).status).to.equal(201);
    await off.close();
    const base = await start({ level: 'base' });
    const outcome = expectOutcome(await call(base, 'POST', 'Observation', { body: TWO_VALUES }), 400);
    expect(errorExpressions(outcome)).to.deep.equal(['Observation.valueBoolean']);
  });

  it('base ignores meta.profile; profiles judges the claimed profile, 422 (validation.html#profiles, http.html#create)', async function () {
    const igPackages = usCore();
    if (!igPackages) this.skip();
    const base = await start({ level: 'base', igPackages });
    expect((await call(base, 'POST', 'Patient', { body: CLAIMING })).status).to.equal(201);
    await base.close();
    const profiles = await start({ level: 'profiles', igPackages });
    const outcome = expectOutcome(await call(profiles, 'POST', 'Patient', { body: CLAIMING }), 422);
    expect(errorExpressions(outcome)).to.deep.equal(['Patient.identifier', 'Patient.name', 'Patient.gender']);
    const ok = { ...US_CORE_OK, meta: CLAIMING.meta };
    expect((await call(profiles, 'POST', 'Patient', { body: ok })).status).to.equal(201);
  });

  it('warnings do not refuse a write: an unknown extension is stored (validation.html, extensibility.html)', async () => {
    const served = await start({});
    const body: Patient = { resourceType: 'Patient', extension: [{ url: 'http://example.org/x', valueString: 'a' }] };
    expect((await call(served, 'POST', 'Patient', { body })).status).to.equal(201);
    // http.html#ops: return=OperationOutcome answers "hints and warnings about the operation".
    const told = await call<OperationOutcome>(served, 'POST', 'Patient', {
      body,
      headers: { Prefer: 'return=OperationOutcome' },
    });
    expect(told.status).to.equal(201);
    expect(told.body?.issue.map((i) => [i.severity, i.expression?.[0]])).to.deep.equal([
      ['information', undefined],
      ['warning', 'Patient.extension[0]'],
      ['information', 'Patient'], // dom-6, best practice: advice, not a warning
    ]);
    const judged = (await call<OperationOutcome>(served, 'POST', 'Patient/$validate', { body })).body;
    expect(judged?.issue.map((i) => [i.severity, i.code])).to.deep.equal([
      ['warning', 'extension'],
      ['information', 'invariant'],
    ]);
  });

  it('REQUIRED_PROFILES: every create, update and Bundle entry of the type must conform (else 422, http.html#create), declared as supportedProfile (capabilitystatement.html)', async function () {
    const igPackages = usCore();
    if (!igPackages) this.skip();
    const served = await start({ igPackages, requiredProfiles: new Map([['Patient', [US_CORE_PATIENT]]]) });
    expect(
      errorExpressions(
        expectOutcome(await call(served, 'POST', 'Patient', { body: { resourceType: 'Patient' } }), 422),
      ),
    ).to.include('Patient.identifier');
    const patient = await created(served, US_CORE_OK);
    const { identifier: _dropped, ...without } = patient;
    expectOutcome(await call(served, 'PUT', `Patient/${patient.id}`, { body: without }), 422);
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Patient', name: [{ family: 'Lee' }] },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };
    const refused = expectOutcome(await call(served, 'POST', '', { body: transaction }), 422);
    expect(errorExpressions(refused)).to.include('Bundle.entry[0].resource.identifier');
    const statement = (await call<CapabilityStatement>(served, 'GET', 'metadata')).body;
    const patientRest = statement?.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patientRest?.supportedProfile?.[0]).to.equal(US_CORE_PATIENT);
    const observation = statement?.rest?.[0]?.resource?.find((r) => r.type === 'Observation');
    expect(observation?.supportedProfile, "the package's profiles").to.include(
      'http://hl7.org/fhir/us/core/StructureDefinition/us-core-smokingstatus',
    );
  });

  it('$validate judges at the profiles level whatever VALIDATION says, against a nominated profile too (resource-operation-validate.html)', async function () {
    const igPackages = usCore();
    if (!igPackages) this.skip();
    const served = await start({ level: 'off', igPackages });
    const claimed = await call<OperationOutcome>(served, 'POST', 'Patient/$validate', { body: CLAIMING });
    expect([claimed.status, errorExpressions(claimed.body as OperationOutcome)]).to.deep.equal([
      200,
      ['Patient.identifier', 'Patient.name', 'Patient.gender'],
    ]);
    const query = `Patient/$validate?profile=${encodeURIComponent(US_CORE_PATIENT)}`;
    const nominated = await call<OperationOutcome>(served, 'POST', query, { body: { resourceType: 'Patient' } });
    expect(errorExpressions(nominated.body as OperationOutcome)).to.deep.equal([
      'Patient.identifier',
      'Patient.name',
      'Patient.gender',
    ]);
  });

  it('a profile posted to the server is used at once by writes and $validate (structuredefinition.html)', async () => {
    const served = await start({});
    const url = 'http://example.org/fhir/StructureDefinition/born';
    await created(
      served,
      patientProfile(url, (e) => (e.path === 'Patient.birthDate' ? { ...e, min: 1 } : e)),
    );
    const claiming: Patient = { resourceType: 'Patient', meta: { profile: [url] } };
    expect(
      errorExpressions(expectOutcome(await call(served, 'POST', 'Patient', { body: claiming }), 422)),
    ).to.deep.equal(['Patient.birthDate']);
    expect((await call(served, 'POST', 'Patient', { body: { ...claiming, birthDate: '1990-01-02' } })).status).to.equal(
      201,
    );
    const query = `Patient/$validate?profile=${encodeURIComponent(url)}`;
    const judged = await call<OperationOutcome>(served, 'POST', query, { body: { resourceType: 'Patient' } });
    expect(errorExpressions(judged.body as OperationOutcome)).to.deep.equal(['Patient.birthDate']);
  });
});
