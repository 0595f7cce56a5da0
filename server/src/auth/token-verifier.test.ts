import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { remoteKeySet } from './remote-key-set.js';
import { InvalidTokenError, KeySetUnavailableError } from './token-errors.js';
import { TokenVerifier, type TokenVerification } from './token-verifier.js';

const ISSUER = 'https://as.example/auth';
const AUDIENCE = 'https://fhir.example/fhir';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

async function tokenOf(key: SigningKey, alg = 'RS256'): Promise<string> {
  return new SignJWT({ scope: 'system/Patient.rs', client_id: 'backend', jti: 'j1' })
    .setProtectedHeader({ alg, kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

function verification(keys: TokenVerification['keys']): TokenVerification {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys,
    algorithms: ['RS256', 'ES256'],
    clockToleranceSeconds: 30,
    maxLifetimeSeconds: 86_400,
    requireAtJwt: false,
    claims: { rolesClaim: 'roles', isResourceType: (name) => name === 'Patient' },
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the token was accepted'),
    (error: unknown) => error,
  );
}

describe('token verifier — keys of an external authorization server (RFC 7517, AUTH_JWKS_URL)', () => {
  let http: Server;
  let jwksUrl: string;
  /** What the JWKS endpoint serves now; `undefined`: it answers 500. */
  let published: JWK[] | undefined;
  let fetches = 0;
  before(async () => {
    http = createServer((_req, res) => {
      fetches += 1;
      if (!published) res.writeHead(500).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/jwks`;
  });
  after(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it('verifies by kid and reads the claims into an Access (RFC 7515 §4.1.4)', async () => {
    const key = await signingKey('k1');
    published = [key.jwk];
    const verifier = new TokenVerifier(verification(remoteKeySet(jwksUrl)));
    const { access, claims } = await verifier.verifyAccessToken(await tokenOf(key));
    expect(access).to.include({ mode: 'smart', clientId: 'backend', tokenId: 'j1' });
    expect(access.scopes.toString()).to.equal('system/Patient.rs');
    expect(claims.iss).to.equal(ISSUER);
  });

  it('a key added by rotation is accepted once fetched again; a removed one is refused (RFC 7517 §4.5)', async () => {
    const [old, next] = await Promise.all([signingKey('old'), signingKey('next', 'ES256')]);
    published = [old.jwk];
    const verifier = new TokenVerifier(verification(remoteKeySet(jwksUrl, { cooldownMs: 0 })));
    await verifier.verifyAccessToken(await tokenOf(old));
    published = [next.jwk];
    fetches = 0;
    await verifier.verifyAccessToken(await tokenOf(next, 'ES256'));
    expect(fetches, 'an unknown kid makes the set be fetched again').to.equal(1);
    const error = await refusal(verifier.verifyAccessToken(await tokenOf(old)));
    expect(error).to.be.instanceOf(InvalidTokenError);
  });

  it('unknown kids do not hammer the issuer: one fetch per cooldown (RFC 8725 §3.10)', async () => {
    const key = await signingKey('k1');
    published = [key.jwk];
    const verifier = new TokenVerifier(verification(remoteKeySet(jwksUrl, { cooldownMs: 60_000 })));
    await verifier.verifyAccessToken(await tokenOf(key));
    fetches = 0;
    for (const kid of ['x1', 'x2', 'x3'])
      expect(await refusal(verifier.verifyAccessToken(await tokenOf({ ...key, kid })))).to.be.instanceOf(
        InvalidTokenError,
      );
    expect(fetches).to.equal(0);
  });

  it('an unreachable or broken key set refuses the token as unavailable, not invalid (fail closed, 503)', async () => {
    published = undefined;
    const key = await signingKey('k1');
    const broken = new TokenVerifier(verification(remoteKeySet(jwksUrl)));
    expect(await refusal(broken.verifyAccessToken(await tokenOf(key)))).to.be.instanceOf(KeySetUnavailableError);
    const closed = new TokenVerifier(verification(remoteKeySet('http://127.0.0.1:1/jwks', { timeoutMs: 1000 })));
    expect(await refusal(closed.verifyAccessToken(await tokenOf(key)))).to.be.instanceOf(KeySetUnavailableError);
  });

  it('refuses to be built with a symmetric or empty algorithm list (RFC 8725 §3.1)', () => {
    const keys = remoteKeySet(jwksUrl);
    for (const algorithms of [['HS256'], ['RS256', 'none'], []])
      expect(() => new TokenVerifier({ ...verification(keys), algorithms })).to.throw(/asymmetric/);
  });

  it('a token signed with an algorithm outside the allow-list is refused (RFC 8725 §3.1)', async () => {
    const key = await signingKey('k384', 'RS384');
    published = [key.jwk];
    const verifier = new TokenVerifier(verification(remoteKeySet(jwksUrl)));
    expect(await refusal(verifier.verifyAccessToken(await tokenOf(key, 'RS384')))).to.be.instanceOf(InvalidTokenError);
  });
});

describe('token verifier — typ, iat and lifetime bounds (RFC 9068 §4, RFC 8725 §3.10)', () => {
  let key: SigningKey;
  let keys: TokenVerification['keys'];
  before(async () => {
    key = await signingKey('k1');
    keys = async () => importJWK(key.jwk, 'RS256');
  });
  const signed = (claims: JWTPayload, typ?: string) =>
    new SignJWT({ iss: ISSUER, aud: AUDIENCE, client_id: 'backend', scope: 'system/Patient.rs', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ === undefined ? {} : { typ }) })
      .sign(key.privateKey);
  const now = () => Math.floor(Date.now() / 1000);

  it('an external issuer’s typ stays lenient unless AUTH_REQUIRE_AT_JWT', async () => {
    const lenient = new TokenVerifier(verification(keys));
    const strict = new TokenVerifier({ ...verification(keys), requireAtJwt: true });
    const plain = await signed({ exp: now() + 300 }, 'JWT');
    await lenient.verifyAccessToken(plain);
    expect(await refusal(strict.verifyAccessToken(plain))).to.be.instanceOf(InvalidTokenError);
    await strict.verifyAccessToken(await signed({ exp: now() + 300 }, 'application/at+jwt'));
  });

  it('refuses iat beyond the leeway ahead and exp beyond maxLifetimeSeconds; the leeway is kept', async () => {
    const verifier = new TokenVerifier({ ...verification(keys), maxLifetimeSeconds: 3600 });
    const future = await refusal(verifier.verifyAccessToken(await signed({ iat: now() + 120, exp: now() + 300 })));
    expect(future).to.be.instanceOf(InvalidTokenError).with.property('detail', 'iat in the future');
    const long = await refusal(verifier.verifyAccessToken(await signed({ iat: now(), exp: now() + 7200 })));
    expect(long).to.be.instanceOf(InvalidTokenError).with.property('detail', 'exp beyond the lifetime bound');
    await verifier.verifyAccessToken(await signed({ iat: now() + 20, exp: now() + 3620 }));
  });

  it('with a client check (our own issuer), a client no longer registered is refused (RFC 7662 §2.2)', async () => {
    const registered = new Set(['backend']);
    const verifier = new TokenVerifier({ ...verification(keys), clientRegistered: async (id) => registered.has(id) });
    const token = await signed({ exp: now() + 300 });
    await verifier.verifyAccessToken(token);
    registered.delete('backend');
    expect(await refusal(verifier.verifyAccessToken(token))).to.have.property('detail', 'client not registered');
  });
});
