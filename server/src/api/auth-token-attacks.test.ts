import { expect } from 'chai';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { call } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const SCOPE = 'system/*.cruds';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Attacks on the access token itself: each must end as a 401 `invalid_token` saying only
 * "Invalid access token" (or "expired"), never which check failed.
 */
describe('RFC 7519 / RFC 8725 — forged and misused access tokens are refused', () => {
  let server: TestServer;
  /** The claims of a token the server would accept, at the test clock's now. */
  let claims: () => JWTPayload;
  before(async () => {
    server = await startTestServer({ auth: true });
    const authority = server.authority!;
    claims = () => {
      const iat = Math.floor(server.clock.now().getTime() / 1000);
      return { iss: authority.issuer, aud: authority.audience, sub: 'c', scope: SCOPE, iat, exp: iat + 300 };
    };
  });
  after(() => server.close());

  async function expectRefused(token: string, description = 'Invalid access token'): Promise<void> {
    const result = await call(server, 'GET', 'Patient', { token });
    const outcome = expectOutcome(result, 401);
    expect(outcome.issue).to.deep.equal([{ severity: 'error', code: 'login', diagnostics: description }]);
    expect(result.headers.get('www-authenticate')).to.contain('error="invalid_token"');
  }

  async function expectAccepted(token: string): Promise<void> {
    const result = await call(server, 'GET', 'Patient', { token });
    expect(result.status, result.text).to.equal(200);
  }

  it('a token signed by another key under the same kid is refused (RFC 7515 §5.2)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: server.authority!.keyId })
      .sign(privateKey);
    await expectRefused(forged);
  });

  it('a valid token whose payload was altered is refused (RFC 7515 §5.2)', async () => {
    const [header, , signature] = (await server.token({ scope: 'patient/Observation.rs' })).split('.');
    await expectRefused(`${header}.${base64url({ ...claims(), scope: SCOPE })}.${signature}`);
  });

  it('an unsecured token (alg "none") is refused (RFC 7519 §6, RFC 8725 §3.1)', async () => {
    await expectRefused(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`);
    await expectRefused(`${base64url({ alg: 'none', kid: server.authority!.keyId })}.${base64url(claims())}.`);
  });

  it('HS256 with the public key as the HMAC secret is refused (RFC 8725 §2.1, §3.1 key confusion)', async () => {
    const publicJwk = server.authority!.publicJwk;
    const pem = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(publicJwk))]) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: server.authority!.keyId })
        .sign(new Uint8Array(secret));
      await expectRefused(token);
    }
  });

  it('a token naming a kid the issuer does not have is refused (RFC 7515 §4.1.4)', async () => {
    await expectRefused(await server.authority!.sign(claims(), { kid: 'unknown-key' }));
  });

  it('a key carried in the token header (jwk) is not trusted (RFC 8725 §3.10)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    await expectRefused(token);
  });

  it('an expired token is refused as expired, inside the 30 s leeway it passes (RFC 7519 §4.1.4)', async () => {
    const token = await server.token({ scope: SCOPE, expiresIn: 60 });
    server.clock.advance((60 + 29) * 1000);
    await expectAccepted(token);
    server.clock.advance(2 * 1000);
    await expectRefused(token, 'The access token expired');
  });

  it('a token not yet valid (nbf) is refused beyond the leeway (RFC 7519 §4.1.5)', async () => {
    const now = claims().iat!;
    await expectRefused(await server.authority!.sign({ ...claims(), nbf: now + 120 }));
    await expectAccepted(await server.authority!.sign({ ...claims(), nbf: now + 20 }));
  });

  it('a token without exp is refused: none lives forever (RFC 9068 §2.2)', async () => {
    const { exp: _exp, ...rest } = claims();
    await expectRefused(await server.authority!.sign(rest));
  });

  it('a token for another audience is refused (RFC 7519 §4.1.3)', async () => {
    await expectRefused(await server.authority!.sign({ ...claims(), aud: 'https://other.example/fhir' }));
    await expectRefused(await server.authority!.sign({ ...claims(), aud: undefined }));
  });

  it('a token from another issuer is refused (RFC 7519 §4.1.1)', async () => {
    await expectRefused(await server.authority!.sign({ ...claims(), iss: 'https://evil.example/auth' }));
  });

  for (const scope of [
    'patient/Observation.xyz',
    'user/NotAType.read',
    'system/Patient.read?x',
    'user/*.read system/Patient.rs?',
  ])
    it(`a token whose scope set is malformed (${scope}) is refused whole (SMART scopes-and-launch-context)`, async () => {
      await expectRefused(await server.authority!.sign({ ...claims(), scope: `${SCOPE} ${scope}` }));
    });

  it('claims of the wrong JSON type are refused, not guessed at (RFC 7519 §4)', async () => {
    for (const wrong of [{ scope: ['system/*.cruds'] }, { roles: 5 }, { patient: '../Patient/x' }, { client_id: 7 }])
      await expectRefused(await server.authority!.sign({ ...claims(), ...wrong }));
  });
});
