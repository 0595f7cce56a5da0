import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { after, before, describe, it } from 'mocha';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { AuthFixture, clientKey, type ClientKey } from './auth-server-fixture.js';
import { call } from './http-call.js';

describe('SMART Backend Services token endpoint (backend-services.html#obtaining-an-access-token)', () => {
  let fx: AuthFixture;
  let key: ClientKey;
  const refusedAs = (answer: { status: number; body: Record<string, unknown> }, error: string, status = 401) => {
    expect(answer.body.error, JSON.stringify(answer.body)).to.equal(error);
    expect(answer.status).to.equal(status);
  };
  before(async () => {
    fx = await AuthFixture.start();
    key = await clientKey('ES384');
    await fx.register('backend', key, { scope: 'system/Patient.rs system/Observation.cruds', roles: ['auditor'] });
  });
  after(() => fx.close());

  it('issues a bearer token for a valid ES384 assertion, no-store, scope granted (RFC 6749 §5.1)', async () => {
    const answer = await fx.post('/token', fx.form(await fx.assertion('backend', key), 'system/Patient.rs'));
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    expect(answer.body).to.include({ token_type: 'bearer', expires_in: 300, scope: 'system/Patient.rs' });
    const token = answer.body.access_token as string;
    const { payload } = await jwtVerify(token, fx.as.keys.verificationKey, {
      issuer: fx.as.urls.issuer,
      audience: fx.server.baseUrl,
    });
    expect(payload).to.include({ sub: 'backend', client_id: 'backend', scope: 'system/Patient.rs' });
    expect(payload.roles).to.deep.equal(['auditor']);
    expect(payload.exp! - payload.iat!).to.equal(300);
    expect(decodeProtectedHeader(token).kid).to.equal(fx.as.keys.signer().kid);
  });

  it('accepts RS384 assertions too (backend-services.html: RS384 and ES384)', async () => {
    const rsa = await clientKey('RS384');
    await fx.register('backend-rsa', rsa);
    const answer = await fx.post('/token', fx.form(await fx.assertion('backend-rsa', rsa)));
    expect(answer.status).to.equal(200);
  });

  it('grants requested ∩ registered: v1 wildcard narrowed to the registered types (scopes-and-launch-context.html)', async () => {
    const answer = await fx.post('/token', fx.form(await fx.assertion('backend', key), 'system/*.read'));
    expect(answer.status).to.equal(200);
    expect(answer.body.scope).to.equal('system/Patient.rs system/Observation.rs');
  });

  it('refuses scope escalation: asking only what is not registered is invalid_scope (RFC 6749 §5.2)', async () => {
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', key), 'system/Patient.cud')),
      'invalid_scope',
      400,
    );
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', key), 'patient/Patient.rs')),
      'invalid_scope',
      400,
    );
    const partial = await fx.post('/token', fx.form(await fx.assertion('backend', key), 'system/Patient.cruds'));
    expect(partial.body.scope).to.equal('system/Patient.rs');
  });

  it('a malformed scope fails the whole request closed (invalid_scope)', async () => {
    const form = fx.form(await fx.assertion('backend', key), 'system/Patient.rs system/Patient.sr');
    refusedAs(await fx.post('/token', form), 'invalid_scope', 400);
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', key), 'system/NoSuchType.rs')),
      'invalid_scope',
      400,
    );
    refusedAs(await fx.post('/token', fx.form(await fx.assertion('backend', key), '')), 'invalid_scope', 400);
  });

  it('refuses a replayed assertion (same jti) (RFC 7523 §3 item 7)', async () => {
    const assertion = await fx.assertion('backend', key);
    expect((await fx.post('/token', fx.form(assertion))).status).to.equal(200);
    refusedAs(await fx.post('/token', fx.form(assertion)), 'invalid_client');
    const sameJti = await fx.assertion('backend', key, { jti: decodeJwt(assertion).jti as string });
    refusedAs(await fx.post('/token', fx.form(sameJti)), 'invalid_client');
  });

  it('refuses an assertion whose exp is more than 5 minutes ahead, an expired one, one without exp or jti', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const claims of [
      { exp: now + 600 },
      { exp: now + 300 + 30 + 5 },
      { exp: now - 120 },
      { exp: undefined },
      { jti: undefined },
    ]) {
      const answer = await fx.post('/token', fx.form(await fx.assertion('backend', key, claims)));
      refusedAs(answer, 'invalid_client');
    }
  });

  it('refuses a wrong aud, iss ≠ sub, an unknown client, a client_id other than iss', async () => {
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', key, { aud: fx.server.baseUrl }))),
      'invalid_client',
    );
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', key, { sub: 'someone' }))),
      'invalid_client',
    );
    const unknown = await fx.post('/token', fx.form(await fx.assertion('nobody', key)));
    refusedAs(unknown, 'invalid_client');
    // The same words as a registered client's wrong key: client ids cannot be probed.
    expect(unknown.body.error_description).to.equal('no registered key matches the assertion');
    const form = { ...fx.form(await fx.assertion('backend', key)), client_id: 'backend-rsa' };
    refusedAs(await fx.post('/token', form), 'invalid_client');
  });

  it('refuses a signature by another key, even with the registered kid', async () => {
    const other = await clientKey('ES384');
    refusedAs(
      await fx.post('/token', fx.form(await fx.assertion('backend', { ...other, kid: key.kid }))),
      'invalid_client',
    );
  });

  it('refuses alg none, HS256 keyed with the public key, and ES256 (RFC 8725 §2.1; only RS384/ES384)', async () => {
    const claims = {
      iss: 'backend',
      sub: 'backend',
      aud: fx.tokenUrl,
      exp: Math.floor(Date.now() / 1000) + 60,
      jti: 'n1',
    };
    refusedAs(await fx.post('/token', fx.form(new UnsecuredJWT(claims).encode())), 'invalid_client');
    const secret = new TextEncoder().encode(JSON.stringify(key.jwks.keys[0]));
    const hs = await new SignJWT({ ...claims, jti: 'h1' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(secret);
    refusedAs(await fx.post('/token', fx.form(hs)), 'invalid_client');
    const es256 = await clientKey('ES384');
    const forged = await fx.assertion('backend', es256, {}, { alg: 'ES384' });
    refusedAs(
      await fx.post('/token', fx.form(forged.replace(/^[^.]+/, btoa('{"alg":"ES256"}').replace(/=+$/, '')))),
      'invalid_client',
    );
  });

  it('refuses without client authentication, another grant type, no grant type (RFC 6749 §5.2)', async () => {
    refusedAs(
      await fx.post('/token', { grant_type: 'client_credentials', scope: 'system/Patient.rs' }),
      'invalid_client',
    );
    const assertion = await fx.assertion('backend', key);
    refusedAs(
      await fx.post('/token', { ...fx.form(assertion), grant_type: 'password' }),
      'unsupported_grant_type',
      400,
    );
    const { grant_type: _omitted, ...noGrant } = fx.form(assertion);
    refusedAs(await fx.post('/token', noGrant), 'invalid_request', 400);
  });

  it('refuses a malformed body: JSON, a repeated parameter, bytes not UTF-8; an oversized body is 413', async () => {
    const form = fx.form(await fx.assertion('backend', key));
    refusedAs(
      await fx.post('/token', JSON.stringify(form), { 'Content-Type': 'application/json' }),
      'invalid_request',
      400,
    );
    const repeated = `${new URLSearchParams(form).toString()}&scope=system%2FObservation.rs`;
    refusedAs(await fx.post('/token', repeated), 'invalid_request', 400);
    refusedAs(await fx.post('/token', `${new URLSearchParams(form).toString()}&x=%FF%FE`), 'invalid_request', 400);
    const raw = await fetch(fx.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([Buffer.from(`${new URLSearchParams(form).toString()}&x=`), Buffer.from([0xff, 0xfe])]),
    });
    expect(await raw.json()).to.include({ error: 'invalid_request' });
    const response = await fetch(fx.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `scope=${'a'.repeat(20_000)}`,
    });
    expect(response.status).to.equal(413);
    expect(await response.json()).to.include({ error: 'invalid_request' });
  });

  it('audits each token issued and refused (ITI-71), never the token or the assertion', async () => {
    const auditor = await fx.accessToken('auditor', { scope: 'system/AuditEvent.rs', roles: ['auditor'] });
    const search = await call<Bundle<AuditEvent>>(fx.server, 'GET', 'AuditEvent?_count=1000', {
      headers: { Authorization: `Bearer ${auditor}` },
    });
    expect(search.status).to.equal(200);
    const events = (search.body?.entry ?? []).map((entry) => entry.resource!);
    const tokenEvents = events.filter((event) => event.subtype?.some((coding) => coding.code === 'ITI-71'));
    expect(tokenEvents.filter((event) => event.outcome === '0').length).to.be.greaterThan(3);
    expect(tokenEvents.filter((event) => event.outcome !== '0').length).to.be.greaterThan(10);
    expect(JSON.stringify(events)).to.not.match(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
