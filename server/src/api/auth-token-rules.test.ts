import { expect } from 'chai';
import { SignJWT, type JWTPayload } from 'jose';
import { after, before, describe, it } from 'mocha';
import { AuthFixture } from './auth-server-fixture.js';

/** Attacks on the tokens of our own authorization server at the FHIR API (review A3, A4, A5). */
describe('resource server: tokens of our own authorization server (RFC 9068 §4, RFC 7662 §2.2)', () => {
  let fx: AuthFixture;
  let adminToken: string;
  before(async () => {
    fx = await AuthFixture.start();
    adminToken = await fx.accessToken('ops', { scope: 'system/*.cruds', roles: ['admin'] }, 'system/*.cruds');
  });
  after(() => fx.close());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const search = (token: string) => fetch(`${fx.server.baseUrl}/Patient?_count=1`, { headers: auth(token) });
  /** A token signed with our current signing key, header and claims as the attack wants. */
  const forged = async (claims: JWTPayload, typ?: string) => {
    const signer = await fx.as.keys.currentSigner();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: fx.as.urls.issuer,
      aud: fx.server.baseUrl,
      sub: 'ops',
      client_id: 'ops',
      scope: 'system/Patient.rs',
      jti: `j-${Math.random()}`,
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...(typ === undefined ? {} : { typ }) })
      .sign(signer.key);
  };

  it('a deleted client’s token stops working at once, as introspection says (RFC 7662 §2.2, §4)', async () => {
    const token = await fx.accessToken('doomed', { scope: 'system/Patient.rs' });
    expect((await search(token)).status).to.equal(200);
    const removed = await fetch(`${fx.as.urls.clientsEndpoint}/doomed`, {
      method: 'DELETE',
      headers: auth(adminToken),
    });
    expect(removed.status).to.equal(204);
    const refused = await search(token);
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.match(/error="invalid_token"/);
  });

  it('a token of a client never registered is refused, though signed by our key (RFC 7662 §2.2)', async () => {
    expect((await search(await forged({ sub: 'ghost', client_id: 'ghost' }, 'at+jwt'))).status).to.equal(401);
    expect((await search(await forged({}, 'at+jwt'))).status).to.equal(200);
  });

  it('our tokens must carry typ at+jwt: JWT or none is refused (RFC 9068 §4)', async () => {
    expect((await search(await forged({}, 'application/at+jwt'))).status).to.equal(200);
    for (const typ of ['JWT', undefined]) expect((await search(await forged({}, typ))).status, typ).to.equal(401);
  });

  it('refuses an iat in the future and a lifetime beyond AUTH_MAX_TOKEN_LIFETIME_S (RFC 8725 §3.10)', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await search(await forged({ iat: now + 3600, exp: now + 3900 }, 'at+jwt'))).status).to.equal(401);
    expect((await search(await forged({ exp: now + 10 * 365 * 86_400 }, 'at+jwt'))).status).to.equal(401);
    expect((await search(await forged({ iat: now + 10, exp: now + 86_000 }, 'at+jwt'))).status).to.equal(200);
  });

  it('an access_token in a POST _search form body is refused 400 and never becomes a parameter (RFC 6750 §2.2)', async () => {
    const response = await fetch(`${fx.server.baseUrl}/Patient/_search`, {
      method: 'POST',
      headers: { ...auth(adminToken), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: adminToken, _count: '1' }).toString(),
    });
    expect(response.status).to.equal(400);
    expect(response.headers.get('www-authenticate')).to.match(/error="invalid_request"/);
  });

  it('registration refuses a jwks_uri to localhost or a private, loopback, link-local or reserved address (RFC 7591 §2)', async () => {
    const hosts = [
      'localhost',
      'LOCALHOST.',
      'api.localhost',
      '127.0.0.1',
      '2130706433',
      '10.1.2.3',
      '169.254.169.254',
      '100.64.0.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[fe80::1]',
      '[fd00::1]',
      '0.0.0.0',
    ];
    for (const host of hosts) {
      const response = await fetch(fx.as.urls.clientsEndpoint, {
        method: 'POST',
        headers: { ...auth(adminToken), 'Content-Type': 'application/json' },
        body: JSON.stringify({ jwks_uri: `https://${host}/jwks`, scope: 'system/Patient.rs' }),
      });
      expect(response.status, host).to.equal(400);
      const outcome = (await response.json()) as { resourceType: string; issue: Array<{ expression?: string[] }> };
      expect(outcome.issue[0]?.expression, host).to.deep.equal(['jwks_uri']);
    }
    const publicHost = await fetch(fx.as.urls.clientsEndpoint, {
      method: 'POST',
      headers: { ...auth(adminToken), 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwks_uri: 'https://keys.example.org/jwks', scope: 'system/Patient.rs' }),
    });
    expect(publicHost.status).to.equal(201);
  });
});
