import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { AuthFixture, clientKey, JWT_BEARER } from './auth-server-fixture.js';

describe('authorization server: discovery, keys, introspection (RFC 7662), client registration', () => {
  let fx: AuthFixture;
  let adminToken: string;
  let readerToken: string;
  before(async () => {
    fx = await AuthFixture.start();
    adminToken = await fx.accessToken('ops', { scope: 'system/*.cruds', roles: ['admin'] }, 'system/*.cruds');
    readerToken = await fx.accessToken('reader', { scope: 'system/Patient.rs' }, 'system/Patient.rs');
  });
  after(() => fx.close());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const clients = (method: string, path = '', token?: string, body?: unknown) =>
    fetch(`${fx.as.urls.clientsEndpoint}${path}`, {
      method,
      headers: { ...(token ? auth(token) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('serves /fhir/.well-known/smart-configuration (conformance.html#using-well-known)', async () => {
    const response = await fetch(`${fx.server.baseUrl}/.well-known/smart-configuration`);
    expect(response.status).to.equal(200);
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).to.include({ issuer: fx.as.urls.issuer, token_endpoint: fx.tokenUrl, jwks_uri: fx.as.urls.jwksUri });
    expect(config.token_endpoint_auth_methods_supported).to.deep.equal(['private_key_jwt']);
    expect(config.token_endpoint_auth_signing_alg_values_supported).to.deep.equal(['RS384', 'ES384']);
    expect(config.grant_types_supported).to.deep.equal(['client_credentials']);
    expect(config.capabilities).to.include.members([
      'client-confidential-asymmetric',
      'permission-v1',
      'permission-v2',
    ]);
  });

  it('serves the public signing keys at /auth/jwks, no private members (RFC 7517 §5)', async () => {
    const jwks = (await (await fetch(fx.as.urls.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).to.include({ kid: fx.as.keys.signer().kid, use: 'sig' });
    expect(jwks.keys[0]).to.not.have.any.keys('d', 'p', 'q');
  });

  it('a token of ours opens the FHIR API as far as its scope goes (the resource server verifies it with our keys)', async () => {
    const read = await fetch(`${fx.server.baseUrl}/Patient`, { headers: auth(readerToken) });
    expect(read.status).to.equal(200);
    const write = await fetch(`${fx.server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { ...auth(readerToken), 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient' }),
    });
    expect(write.status).to.equal(403);
  });

  it('introspection: an admin sees any active token, with its claims (RFC 7662 §2.2)', async () => {
    const answer = await fx.post('/introspect', { token: readerToken }, auth(adminToken));
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    expect(answer.body).to.include({
      active: true,
      client_id: 'reader',
      scope: 'system/Patient.rs',
      token_type: 'Bearer',
    });
  });

  it('introspection: a client by assertion sees its own tokens only; others are inactive (RFC 7662 §4)', async () => {
    const key = await clientKey();
    await fx.register('prober', key);
    const form = { token: readerToken, client_assertion_type: JWT_BEARER };
    const other = await fx.post('/introspect', { ...form, client_assertion: await fx.assertion('prober', key) });
    expect(other.body).to.deep.equal({ active: false });
    const own = (await fx.post('/token', fx.form(await fx.assertion('prober', key)))).body.access_token as string;
    const mine = await fx.post('/introspect', {
      ...form,
      token: own,
      client_assertion: await fx.assertion('prober', key),
    });
    expect(mine.body).to.include({ active: true, client_id: 'prober' });
  });

  it('introspection: inactive for garbage, a forged or foreign token, a removed client; 401 without authentication', async () => {
    for (const token of ['garbage', `${readerToken.slice(0, -4)}AAAA`, adminToken.replace(/\.[^.]+\./, '.e30.')]) {
      expect((await fx.post('/introspect', { token }, auth(adminToken))).body).to.deep.equal({ active: false });
    }
    const anonymous = await fx.post('/introspect', { token: readerToken });
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.error).to.equal('invalid_client');
    const reader = await fx.post('/introspect', { token: readerToken }, auth(readerToken));
    expect(reader.status).to.equal(401);
    const doomed = await fx.accessToken('doomed');
    expect((await clients('DELETE', '/doomed', adminToken)).status).to.equal(204);
    expect((await fx.post('/introspect', { token: doomed }, auth(adminToken))).body).to.deep.equal({ active: false });
  });

  it('an admin rotates the signing key: new tokens carry the new kid, tokens of the old one stay valid (RFC 7517 §4.5)', async () => {
    const before = fx.as.keys.signer().kid;
    expect(
      (await fetch(`${fx.as.urls.issuer}/keys/rotate`, { method: 'POST', headers: auth(readerToken) })).status,
    ).to.equal(403);
    const rotated = await fetch(`${fx.as.urls.issuer}/keys/rotate`, { method: 'POST', headers: auth(adminToken) });
    const jwks = (await rotated.json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).to.deep.equal([fx.as.keys.signer().kid, before]);
    const fresh = await fx.accessToken('after-rotation');
    expect(JSON.parse(atob(fresh.split('.')[0]!)).kid).to.equal(fx.as.keys.signer().kid);
    expect((await fetch(`${fx.server.baseUrl}/Patient`, { headers: auth(readerToken) })).status).to.equal(200);
    expect((await fetch(`${fx.server.baseUrl}/Patient`, { headers: auth(fresh) })).status).to.equal(200);
  });

  it('the client API needs an admin token: 401 without one (with a Bearer challenge), 403 without the role', async () => {
    const anonymous = await clients('GET');
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.match(/^Bearer /);
    expect((await clients('GET', '', 'not-a-token')).status).to.equal(401);
    expect((await clients('GET', '', readerToken)).status).to.equal(403);
    expect(
      (await clients('POST', '', readerToken, { scope: 'system/*.cruds', jwks: (await clientKey()).jwks })).status,
    ).to.equal(403);
  });

  it('registers, lists, reads and removes clients; an id once (409) (RFC 7591 §3.2.1)', async () => {
    const { jwks } = await clientKey();
    const created = await clients('POST', '', adminToken, {
      client_id: 'lab-feed',
      jwks,
      scope: 'system/Observation.cu',
      roles: ['hl7-sender'],
    });
    expect(created.status).to.equal(201);
    expect(await created.json()).to.include({ client_id: 'lab-feed', scope: 'system/Observation.cu' });
    expect(
      (await clients('POST', '', adminToken, { client_id: 'lab-feed', jwks, scope: 'system/Patient.r' })).status,
    ).to.equal(409);
    const generated = (await (
      await clients('POST', '', adminToken, { jwks, scope: 'patient/*.rs', patient: 'p1' })
    ).json()) as Record<string, unknown>;
    expect(generated.client_id).to.be.a('string').and.not.equal('');
    const list = (await (await clients('GET', '', adminToken)).json()) as Array<{ client_id: string }>;
    expect(list.map((c) => c.client_id)).to.include.members(['lab-feed', generated.client_id as string]);
    expect((await clients('GET', '/lab-feed', adminToken)).status).to.equal(200);
    expect((await clients('DELETE', '/lab-feed', adminToken)).status).to.equal(204);
    expect((await clients('GET', '/lab-feed', adminToken)).status).to.equal(404);
  });

  it('refuses bad registrations with an expression: private or symmetric keys, http jwks_uri, malformed scope, both key sources', async () => {
    const { jwks } = await clientKey();
    const privateJwk = { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', d: 'secret' }] };
    const cases: Array<[unknown, string]> = [
      [{ jwks: privateJwk, scope: 'system/Patient.rs' }, 'jwks'],
      [{ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, scope: 'system/Patient.rs' }, 'jwks'],
      [{ jwks_uri: 'http://keys.example.org/jwks', scope: 'system/Patient.rs' }, 'jwks_uri'],
      [{ jwks, jwks_uri: 'https://keys.example.org/jwks', scope: 'system/Patient.rs' }, 'jwks'],
      [{ jwks, scope: 'system/Patient.sr' }, 'scope'],
      [{ jwks, scope: 'system/Patient.rs', roles: ['root'] }, 'roles'],
      [{ jwks, scope: 'system/Patient.rs', client_id: 'a b' }, 'client_id'],
      [{ jwks, scope: 'system/Patient.rs', $where: '1' }, '$where'],
    ];
    for (const [body, expression] of cases) {
      const response = await clients('POST', '', adminToken, body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      const outcome = (await response.json()) as { issue: Array<{ expression?: string[] }> };
      expect(outcome.issue[0]?.expression).to.deep.equal([expression]);
    }
  });
});
