import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { OperatorRole } from '../access.js';
import type { SigningKeys } from './signing-keys.js';

/** The claims of an access token this server issues (RFC 9068 shape; SMART `scope`, `patient`). */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  roles: OperatorRole[];
  patient?: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface IssuedTokensOptions {
  /** `iss` of the tokens: the authorization server (auth-server-urls.ts). */
  issuer: string;
  /** `aud` of the tokens: the FHIR base URL the resource server answers on. */
  audience: string;
  lifetimeS: number;
  clockToleranceS: number;
  now?: () => Date;
  newId?: () => string;
}

export interface TokenGrant {
  clientId: string;
  scope: string;
  roles: OperatorRole[];
  patient?: string;
}

/**
 * Signs the access tokens (JWT, `typ: at+jwt`, RFC 9068 §2.1) with the newest signing key and
 * verifies them back for introspection and for the admin API (the resource server verifies them
 * with the same keys: SigningKeys.verificationKey).
 */
export class IssuedTokens {
  readonly #keys: SigningKeys;
  readonly #options: IssuedTokensOptions;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(keys: SigningKeys, options: IssuedTokensOptions) {
    this.#keys = keys;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
  }

  get lifetimeS(): number {
    return this.#options.lifetimeS;
  }

  async issue(grant: TokenGrant): Promise<{ token: string; claims: AccessTokenClaims }> {
    const iat = Math.floor(this.#now().getTime() / 1000);
    const claims: AccessTokenClaims = {
      iss: this.#options.issuer,
      sub: grant.clientId,
      aud: this.#options.audience,
      client_id: grant.clientId,
      scope: grant.scope,
      roles: grant.roles,
      jti: this.#newId(),
      iat,
      exp: iat + this.#options.lifetimeS,
    };
    if (grant.patient !== undefined) claims.patient = grant.patient;
    const signer = await this.#keys.currentSigner();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' })
      .sign(signer.key);
    return { token, claims };
  }

  /** The claims of a token this server issued and that is still valid, else undefined. */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#keys.verificationKey, {
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        algorithms: ['ES384', 'RS384'],
        typ: 'at+jwt',
        clockTolerance: this.#options.clockToleranceS,
        currentDate: this.#now(),
        requiredClaims: ['exp', 'jti', 'sub', 'scope'],
      });
      return isAccessTokenClaims(payload) ? payload : undefined;
    } catch {
      return undefined;
    }
  }
}

function isAccessTokenClaims(payload: JWTPayload): payload is AccessTokenClaims {
  const claims = payload as Partial<AccessTokenClaims>;
  return (
    typeof claims.client_id === 'string' &&
    typeof claims.scope === 'string' &&
    Array.isArray(claims.roles) &&
    (claims.patient === undefined || typeof claims.patient === 'string')
  );
}
