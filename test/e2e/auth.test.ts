// SMART Backend Services against the real program on FerretDB: clients registered by the
// bootstrap admin, tokens from its own token endpoint through the SDK, scopes and the patient
// compartment enforced, bad tokens refused, token events audited for auditors only.
import type { AuditEvent, Observation, Patient } from '@medplum/fhirtypes';
import { FhirAuthError, FhirClient, FhirNotFoundError, FhirOAuthError } from '@nexushealth/sdk';
import { expect } from 'chai';
import { generateKeyPair, SignJWT } from 'jose';
import { requireTestServices } from '../harness/services.js';
import { handMadeAssertion, postClient, postToken, registerClient, type TestClient } from '../support/auth-clients.js';
import { dropDatabase } from '../support/drop-database.js';
import { raw } from '../support/raw-http.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';

const SPEC = 'smart-app-launch/backend-services.html';
/** Short tokens, no leeway: the expiry test waits one lifetime, and every client renews on the way. */
const TOKEN_LIFETIME_S = 5;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe(`SMART on FHIR end to end (${SPEC}) [FerretDB + Redis]`, function () {
  this.timeout(180_000);
  let server: RunningServer;
  let dropAfter = '';
  let tokenUrl = '';
  let alice: Patient;
  let bob: Patient;
  let bobsObservation: Observation;
  let backend: TestClient;
  let patientApp: TestClient;
  let auditor: TestClient;

  before(async function () {
    const services = requireTestServices('auth e2e');
    if (services === undefined) return this.skip();
    server = await startServer({
      mongodbUrl: services.mongodbUrl,
      redisUrl: services.redisUrl,
      databasePrefix: 'e2e_auth',
      env: { AUTH_TOKEN_LIFETIME_S: String(TOKEN_LIFETIME_S), AUTH_CLOCK_TOLERANCE_S: '0' },
    });
    dropAfter = withDatabase(services.mongodbUrl, server.databaseName ?? '');
    const admin = server.client({ retries: 0 });
    alice = await admin.create({ resourceType: 'Patient', name: [{ family: 'Alice' }] });
    bob = await admin.create({ resourceType: 'Patient', name: [{ family: 'Bob' }] });
    for (const patient of [alice, bob]) {
      const made = await admin.create(observation(patient));
      if (patient === bob) bobsObservation = made;
    }
    const config = await raw(server.baseUrl, '.well-known/smart-configuration', {
      anonymous: true,
      headers: { Accept: 'application/json' },
    });
    tokenUrl = (config.json as { token_endpoint: string }).token_endpoint;
  });

  after(async () => {
    await server?.stop();
    if (dropAfter) await dropDatabase(dropAfter);
  });

  it('registers clients through /auth/clients as the admin only (401 without a token, 403 for a client)', async () => {
    backend = await registerClient(server, {
      client_id: 'e2e-backend',
      scope: 'system/Patient.rs system/Observation.rs',
    });
    patientApp = await registerClient(server, {
      client_id: 'e2e-patient-app',
      scope: 'patient/*.rs',
      patient: alice.id!,
    });
    auditor = await registerClient(server, {
      client_id: 'e2e-auditor',
      scope: 'system/AuditEvent.rs',
      roles: ['auditor'],
    });
    const anonymous = await postClient(server, { client_id: 'e2e-nobody', scope: 'system/*.cruds' }, 'anonymous');
    expect(anonymous.response.status, anonymous.response.text).to.equal(401);
    const notAdmin = await tokenOf(backend);
    const refused = await postClient(
      server,
      { client_id: 'e2e-escalation', scope: 'system/*.cruds', roles: ['admin'] },
      { token: notAdmin },
    );
    expect(refused.response.status, refused.response.text).to.equal(403);
  });

  it(`a backend-services client works end to end through the SDK, within its scopes (${SPEC}#scopes)`, async () => {
    const fhir = new FhirClient({ baseUrl: server.baseUrl, auth: backend.auth(), retries: 0 });
    expect(await fhir.read('Patient', alice.id!)).to.include({ id: alice.id });
    const found = await fhir.search('Observation', { subject: `Patient/${bob.id}` });
    expect(found.entry?.map((e) => e.resource?.id)).to.deep.equal([bobsObservation.id]);
    const create = await rejection(fhir.create({ resourceType: 'Patient' }));
    expect(create, 'no c in system/Patient.rs').to.be.instanceOf(FhirAuthError).with.property('status', 403);
    const other = await rejection(fhir.search('Encounter'));
    expect(other, 'no Encounter scope').to.be.instanceOf(FhirAuthError).with.property('status', 403);
    // Past one token lifetime the SDK has renewed on its own: the next request still succeeds.
    await new Promise((resolve) => setTimeout(resolve, TOKEN_LIFETIME_S * 1000 + 500));
    expect(await fhir.read('Patient', bob.id!)).to.include({ id: bob.id });
  });

  it('a patient-context client is confined to its patient: another patient is 404, not 403 (scopes-and-launch-context.html)', async () => {
    const fhir = new FhirClient({ baseUrl: server.baseUrl, auth: patientApp.auth(), retries: 0 });
    expect(await fhir.read('Patient', alice.id!)).to.include({ id: alice.id });
    expect(await rejection(fhir.read('Patient', bob.id!))).to.be.instanceOf(FhirNotFoundError);
    expect(await rejection(fhir.read('Observation', bobsObservation.id!))).to.be.instanceOf(FhirNotFoundError);
    const mine = await fhir.search('Observation', {});
    const subjects = new Set((mine.entry ?? []).map((e) => e.resource?.subject?.reference));
    expect([...subjects]).to.deep.equal([`Patient/${alice.id}`]);
  });

  it(`refuses a forged token, an expired one, a replayed assertion and an unknown key (${SPEC}#signature-verification)`, async () => {
    const forger = await generateKeyPair('ES384');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ scope: 'system/*.cruds', client_id: 'e2e-admin', roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES384', kid: 'forged' })
      .setIssuer(`${server.origin}/auth`)
      .setAudience(server.baseUrl)
      .setSubject('e2e-admin')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(crypto.randomUUID())
      .sign(forger.privateKey);
    await expectUnauthorized(forged, 'forged');
    const expiring = await tokenOf(backend);
    expect(
      (await raw(server.baseUrl, `Patient/${alice.id}`, { headers: { Authorization: `Bearer ${expiring}` } })).status,
    ).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, TOKEN_LIFETIME_S * 1000 + 1000));
    await expectUnauthorized(expiring, 'expired');
    const assertion = await handMadeAssertion(backend, tokenUrl);
    expect((await postToken(tokenUrl, assertion, 'system/Patient.rs')).status).to.equal(200);
    const replayed = await postToken(tokenUrl, assertion, 'system/Patient.rs');
    expect(replayed.status, replayed.text).to.be.oneOf([400, 401]);
    expect((replayed.json as { error?: string }).error).to.equal('invalid_client');
    expect(replayed.text).to.not.contain(assertion);
    const stranger = await generateKeyPair('RS384');
    const impostorAuth = { ...backend.auth(), privateKey: stranger.privateKey };
    const impostor = new FhirClient({ baseUrl: server.baseUrl, auth: impostorAuth, retries: 0 });
    const error = await rejection(impostor.read('Patient', alice.id!));
    expect(error).to.be.instanceOf(FhirOAuthError).with.property('oauthError', 'invalid_client');
  });

  it('records token events as AuditEvents an auditor may read and a normal client may not (IHE IUA ITI-71)', async () => {
    const asAuditor = new FhirClient({ baseUrl: server.baseUrl, auth: auditor.auth(), retries: 0 });
    const events: AuditEvent[] = [];
    for await (const event of asAuditor.searchAll('AuditEvent', { subtype: 'ITI-71', _count: '500' }))
      events.push(event);
    const ofBackend = events.filter((e) => e.agent?.some((a) => a.who?.identifier?.value === backend.clientId));
    expect(
      ofBackend.map((e) => e.outcome),
      'issued (0) and refused (replay) token events',
    ).to.include.members(['0']);
    expect(
      ofBackend.some((e) => e.outcome !== '0'),
      'a refused token request',
    ).to.equal(true);
    expect(JSON.stringify(events)).to.not.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    const asBackend = new FhirClient({ baseUrl: server.baseUrl, auth: backend.auth('system/Patient.rs'), retries: 0 });
    const refused = await rejection(asBackend.search('AuditEvent'));
    expect(refused).to.be.instanceOf(FhirAuthError).with.property('status', 403);
  });

  async function tokenOf(client: TestClient): Promise<string> {
    const answer = await postToken(tokenUrl, await handMadeAssertion(client, tokenUrl), client.auth().scope);
    expect(answer.status, answer.text).to.equal(200);
    return (answer.json as { access_token: string }).access_token;
  }

  async function expectUnauthorized(token: string, what: string): Promise<void> {
    const response = await raw(server.baseUrl, `Patient/${alice.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status, `${what} token: ${response.text}`).to.equal(401);
    expect(response.headers.get('www-authenticate'), what).to.match(/^Bearer/);
    expect(response.text, what).to.not.contain(token);
  }
});

function observation(patient: Patient): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'heart rate' },
    subject: { reference: `Patient/${patient.id}` },
    valueQuantity: { value: 60, unit: '/min' },
  };
}
