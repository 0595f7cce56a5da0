import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Access } from './access.js';
import { accessFromClaims, type ClaimMapping } from './token-access.js';
import { InvalidTokenError, KeySetUnavailableError } from './token-errors.js';

/**
 * The only algorithms a token may be signed with: asymmetric ones. An HMAC (`HS256`) would let
 * anyone holding the public key forge tokens (key confusion), `none` is no signature at all
 * (RFC 8725 §2.1, §3.1).
 */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** What a Bearer access token must satisfy to be accepted (RFC 7519 §4.1, RFC 9068 §4). */
export interface TokenVerification {
  /** `iss`: the authorization server (ours: `<origin>/auth`, or AUTH_ISSUER). */
  issuer: string;
  /** `aud`: this FHIR server (AUTH_AUDIENCE, default its base URL). */
  audience: string;
  /** The issuer's public keys, chosen by the token's `kid` (remote JWKS, or our own key store). */
  keys: JWTVerifyGetKey;
  /** AUTH_ALGORITHMS; each must be one of {@link ASYMMETRIC_ALGORITHMS}. */
  algorithms: readonly string[];
  /** Leeway on `exp` and `nbf` for clocks apart (AUTH_CLOCK_TOLERANCE_S). */
  clockToleranceSeconds: number;
  /** AUTH_MAX_TOKEN_LIFETIME_S: a token whose `exp` lies further ahead than this (plus leeway) is refused. */
  maxLifetimeSeconds: number;
  /**
   * RFC 9068 §4: the header `typ` must be `at+jwt` (or `application/at+jwt`), so that no other
   * JWT of the issuer (an ID token, a logout token) passes as an access token. Always for our
   * own issuer; AUTH_REQUIRE_AT_JWT for an external one.
   */
  requireAtJwt: boolean;
  /**
   * Our own issuer only: whether the token's client is still registered. A deleted client's
   * tokens are then refused at once (RFC 7662 §2.2: introspection already calls them inactive).
   */
  clientRegistered?: (clientId: string) => Promise<boolean>;
  claims: ClaimMapping;
  /** The clock `exp`/`nbf` are checked against (tests move it by hand). */
  now?: () => Date;
}

export interface VerifiedToken {
  access: Access;
  /** The verified claims (introspection answers with them, RFC 7662 §2.2). */
  claims: JWTPayload;
}

/**
 * Verifies Bearer JWT access tokens: signature by a key of the issuer (by `kid`), algorithm in
 * the allow-list, `typ`, `iss`, `aud`, `exp` (required, within the lifetime bound), `nbf` and
 * `iat` (not in the future) with the leeway; then the claims are read into an Access, whose
 * client must still be registered when the issuer is ours. Throws {@link InvalidTokenError} for any token it does not accept and
 * {@link KeySetUnavailableError} when the keys cannot be had.
 */
export class TokenVerifier {
  readonly #verification: TokenVerification;

  constructor(verification: TokenVerification) {
    const refused = verification.algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.includes(alg));
    if (verification.algorithms.length === 0 || refused.length > 0)
      throw new Error(
        `token algorithms must be asymmetric (${ASYMMETRIC_ALGORITHMS.join(', ')}): ${refused.join(', ')}`,
      );
    this.#verification = verification;
  }

  async verifyAccessToken(token: string): Promise<VerifiedToken> {
    const { issuer, audience, algorithms, clockToleranceSeconds, requireAtJwt } = this.#verification;
    const currentDate = this.#verification.now?.() ?? new Date();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.#keys, {
        issuer,
        audience,
        algorithms: [...algorithms],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp'],
        currentDate,
        // jose compares case-insensitively and without the `application/` prefix (RFC 9068 §4).
        ...(requireAtJwt ? { typ: 'at+jwt' } : {}),
      }));
    } catch (error) {
      throw refusal(error);
    }
    this.#checkTimes(claims, currentDate.getTime() / 1000);
    const access = accessFromClaims(claims, this.#verification.claims);
    const registered = this.#verification.clientRegistered;
    if (registered && (access.clientId === undefined || !(await registered(access.clientId))))
      throw new InvalidTokenError('invalid', 'client not registered');
    return { access, claims };
  }

  /** RFC 9068 §4 / RFC 8725 §3.10: no token from the future, none living longer than the bound. */
  #checkTimes(claims: JWTPayload, now: number): void {
    const { clockToleranceSeconds: leeway, maxLifetimeSeconds } = this.#verification;
    if (claims.iat !== undefined && claims.iat > now + leeway)
      throw new InvalidTokenError('invalid', 'iat in the future');
    if (claims.exp! - now > maxLifetimeSeconds + leeway)
      throw new InvalidTokenError('invalid', 'exp beyond the lifetime bound');
  }

  /** The key lookup, with a failure to get the key set told apart from a token no key matches. */
  readonly #keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await this.#verification.keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      if (error instanceof errors.JOSENotSupported || error instanceof errors.JOSEAlgNotAllowed) throw error;
      throw new KeySetUnavailableError(error);
    }
  };
}

function refusal(error: unknown): Error {
  if (error instanceof KeySetUnavailableError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('expired', 'exp');
  if (error instanceof errors.JOSEError) return new InvalidTokenError('invalid', error.code);
  // jose reports every malformed input as a JOSEError; anything else is a fault of ours.
  return error instanceof Error ? error : new Error(String(error));
}
