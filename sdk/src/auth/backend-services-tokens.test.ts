import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { startFakeTokenServer } from '../__test__/fake-token-server.js';
import { FhirAuthError, FhirOAuthError } from '../errors.js';
import { FhirClient } from '../fhir-client.js';
import { BackendServicesTokens } from './backend-services-tokens.js';

const SPEC = 'backend-services.html';
const scope = 'system/Patient.rs';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe(`SMART Backend Services auth (${SPEC})`, () => {
  let privateJwk: JWK;
  let fake: Awaited<ReturnType<typeof startFakeTokenServer>>;

  before(async () => {
    const pair = await generateKeyPair('RS384', { extractable: true });
    privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'key-1' };
    fake = await startFakeTokenServer(pair.publicKey);
  });
  beforeEach(() => {
    fake.tokenRequests.length = 0;
    fake.fhirAuthorizations.length = 0;
    for (const key of Object.keys(fake.script)) delete fake.script[key as keyof typeof fake.script];
  });
  after(() => fake.close());

  const client = () =>
    new FhirClient({ baseUrl: fake.baseUrl, auth: { clientId: 'app-1', privateKey: privateJwk, scope } });

  it(`discovers the token URL and sends the token it gets as Bearer (${SPEC}#request-access-token, conformance.html#using-well-known)`, async () => {
    expect(await client().read('Patient', 'p1')).to.include({ id: 'p1' });
    expect(fake.tokenRequests).to.have.length(1);
    const [{ form, header, claims }] = fake.tokenRequests as [(typeof fake.tokenRequests)[0]];
    expect(form.get('grant_type')).to.equal('client_credentials');
    expect(form.get('client_assertion_type')).to.equal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('scope')).to.equal(scope);
    expect(header).to.include({ alg: 'RS384', kid: 'key-1', typ: 'JWT' });
    expect(claims).to.include({ iss: 'app-1', sub: 'app-1', aud: fake.tokenUrl });
    expect(claims.exp! - Math.floor(Date.now() / 1000)).to.be.within(1, 300);
    expect(claims.jti).to.be.a('string').that.is.not.empty;
    expect(fake.fhirAuthorizations).to.have.length(1);
    expect(fake.fhirAuthorizations[0]).to.match(/^Bearer token-\d+$/);
  });

  it(`signs ES384 for a P-384 CryptoKey and RS384 for a Node RSA KeyObject, with a new jti each time (${SPEC}#authentication-jwt)`, async () => {
    const ec = await generateKeyPair('ES384');
    const ecFake = await startFakeTokenServer(ec.publicKey);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaFake = await startFakeTokenServer(rsa.publicKey);
    try {
      const withEc = new BackendServicesTokens(
        { clientId: 'a', privateKey: ec.privateKey, scope },
        { baseUrl: ecFake.baseUrl },
      );
      await withEc.accessToken();
      withEc.invalidate('token-1');
      await withEc.accessToken();
      expect(ecFake.tokenRequests.map((r) => r.header.alg)).to.deep.equal(['ES384', 'ES384']);
      const [first, second] = ecFake.tokenRequests.map((r) => r.claims.jti);
      expect(first).to.not.equal(second);
      const withRsa = new BackendServicesTokens(
        { clientId: 'b', privateKey: rsa.privateKey, scope },
        { baseUrl: rsaFake.baseUrl },
      );
      await withRsa.accessToken();
      expect(rsaFake.tokenRequests[0]?.header.alg).to.equal('RS384');
    } finally {
      await Promise.all([ecFake.close(), rsaFake.close()]);
    }
  });

  it(`uses a given tokenUrl without discovery (${SPEC}#retrieve-well-knownsmart-configuration)`, async () => {
    const tokens = new BackendServicesTokens(
      { clientId: 'app-1', privateKey: privateJwk, scope, tokenUrl: fake.tokenUrl },
      { baseUrl: 'http://127.0.0.1:1/nowhere' },
    );
    expect(await tokens.accessToken()).to.match(/^token-/);
  });

  it(`caches the token and asks once for many concurrent requests (${SPEC}#response)`, async () => {
    const fhir = client();
    fake.script.delayMs = 100;
    await Promise.all(Array.from({ length: 10 }, (_, i) => fhir.read('Patient', `p${i}`)));
    await fhir.read('Patient', 'again');
    expect(fake.tokenRequests).to.have.length(1);
    expect(new Set(fake.fhirAuthorizations).size).to.equal(1);
  });

  it(`shares one token source between clients (${SPEC}#response)`, async () => {
    const shared = new BackendServicesTokens(
      { clientId: 'app-1', privateKey: privateJwk, scope },
      { baseUrl: fake.baseUrl },
    );
    await new FhirClient({ baseUrl: fake.baseUrl, auth: shared }).read('Patient', 'p1');
    await new FhirClient({ baseUrl: fake.baseUrl, auth: shared }).read('Patient', 'p2');
    expect(fake.tokenRequests).to.have.length(1);
  });

  it(`renews the token shortly before expires_in runs out (${SPEC}#response)`, async () => {
    const fhir = client();
    fake.script.expiresIn = 1;
    await fhir.read('Patient', 'p1');
    await fhir.read('Patient', 'p1');
    expect(fake.tokenRequests).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 850));
    await fhir.read('Patient', 'p1');
    expect(fake.tokenRequests).to.have.length(2);
  });

  it(`after a 401 renews the token once and repeats the request, even a create (${SPEC}#response)`, async () => {
    const fhir = client();
    await fhir.read('Patient', 'p1');
    fake.revokeAll();
    expect(await fhir.create({ resourceType: 'Patient', active: true })).to.include({ active: true });
    expect(fake.tokenRequests).to.have.length(2);
    const [first, repeated, renewed] = fake.fhirAuthorizations;
    expect(repeated).to.equal(first);
    expect(renewed)
      .to.match(/^Bearer token-/)
      .and.not.equal(first);
  });

  it(`passes on a second 401 after one renewal, and never renews a fixed accessToken (${SPEC}#response)`, async () => {
    fake.script.refuseEveryBearer = true;
    const error = await rejection(client().read('Patient', 'p2'));
    expect(error).to.be.instanceOf(FhirAuthError).with.property('status', 401);
    expect(fake.tokenRequests).to.have.length(2);
    expect(fake.fhirAuthorizations).to.have.length(2);
    const fixed = new FhirClient({ baseUrl: fake.baseUrl, accessToken: 'not-issued' });
    expect(await rejection(fixed.read('Patient', 'p3'))).to.be.instanceOf(FhirAuthError);
    expect(fake.fhirAuthorizations).to.have.length(3);
  });

  it(`turns an OAuth refusal into a FhirOAuthError that names no assertion or token (rfc6749 §5.2, ${SPEC}#response)`, async () => {
    fake.script.refuse = { status: 400, error: 'invalid_scope', description: 'not granted' };
    const error = await rejection(client().read('Patient', 'p1'));
    expect(error)
      .to.be.instanceOf(FhirOAuthError)
      .and.include({ oauthError: 'invalid_scope', status: 400, description: 'not granted' });
    const assertion = fake.tokenRequests[0]?.form.get('client_assertion') ?? '';
    fake.script.refuse = { status: 401, error: 'invalid_client', description: `replayed ${assertion}` };
    const echoed = await rejection(client().read('Patient', 'p1'));
    expect(echoed).to.be.instanceOf(FhirOAuthError).with.property('oauthError', 'invalid_client');
    expect(echoed.message).to.contain('replayed [redacted]').and.not.contain(assertion.slice(0, 30));
    expect(fake.fhirAuthorizations).to.be.empty;
  });

  it(`refuses at construction a public key, an alg the key cannot make, and auth with accessToken (${SPEC}#authentication-jwt)`, async () => {
    const { d: _d, ...publicJwk } = privateJwk;
    const make = (auth: Partial<ConstructorParameters<typeof BackendServicesTokens>[0]>) => () =>
      new BackendServicesTokens({ clientId: 'c', privateKey: privateJwk, scope, ...auth }, { baseUrl: fake.baseUrl });
    expect(make({ privateKey: publicJwk })).to.throw(TypeError, 'private key');
    expect(make({ alg: 'ES384' })).to.throw(TypeError, 'does not fit');
    const p256 = await generateKeyPair('ES256');
    expect(make({ privateKey: p256.privateKey })).to.throw(TypeError, 'neither RSA nor EC P-384');
    expect(
      () =>
        new FhirClient({
          baseUrl: fake.baseUrl,
          accessToken: 'x',
          auth: { clientId: 'c', privateKey: privateJwk, scope },
        }),
    ).to.throw(TypeError, 'either');
  });
});
