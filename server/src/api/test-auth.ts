import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { OperatorRole } from '../auth/access.js';

/** What `server.token(…)` puts in an access token. */
export interface TestTokenRequest {
  /** SMART scopes, e.g. `patient/Observation.rs` or `system/*.cruds`. */
  scope: string;
  /** The patient launch context (`patient` claim). */
  patient?: string;
  roles?: OperatorRole[];
  /** `client_id` and `sub` (default `test-client`). */
  clientId?: string;
  fhirUser?: string;
  /** Seconds from the test clock's now (default 300). */
  expiresIn?: number;
}

/**
 * An in-process authorization server for tests: one signing key (generated per server), the
 * issuer and audience of the server under test, and the test clock for `iat`/`exp`.
 */
export class TestAuthority {
  readonly keyId = 'test-key-1';
  /** The verifier's key lookup over the public key (by `kid`). */
  readonly keys: JWTVerifyGetKey;

  private constructor(
    readonly issuer: string,
    readonly audience: string,
    readonly algorithm: string,
    readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly now: () => Date,
  ) {
    this.keys = createLocalJWKSet({ keys: [{ ...publicJwk, kid: this.keyId, alg: algorithm, use: 'sig' }] });
  }

  static async create(issuer: string, audience: string, now: () => Date, algorithm = 'ES256'): Promise<TestAuthority> {
    const { privateKey, publicKey } = await generateKeyPair(algorithm);
    return new TestAuthority(issuer, audience, algorithm, privateKey, await exportJWK(publicKey), now);
  }

  /** A valid access token for the request. */
  async token(request: TestTokenRequest): Promise<string> {
    const clientId = request.clientId ?? 'test-client';
    const iat = Math.floor(this.now().getTime() / 1000);
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: this.audience,
      sub: clientId,
      client_id: clientId,
      scope: request.scope,
      iat,
      exp: iat + (request.expiresIn ?? 300),
      jti: randomUUID(),
    };
    if (request.patient !== undefined) claims.patient = request.patient;
    if (request.roles !== undefined) claims.roles = request.roles;
    if (request.fhirUser !== undefined) claims.fhirUser = request.fhirUser;
    return this.sign(claims);
  }

  /** Signs any claims with the authority's key (attack tests alter claims or header). */
  async sign(claims: JWTPayload, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: this.algorithm, kid: this.keyId, ...header })
      .sign(this.privateKey);
  }
}
