import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { ClientKeys } from './client-keys.js';
import type { ClientRegistry, RegisteredClient } from './client-registry.js';
import type { JtiLedger } from './jti-ledger.js';
import { OAuthError } from './oauth-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services: the client SHALL sign with RS384 or ES384. */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
/** SMART Backend Services: `exp` no more than five minutes in the future. */
const MAX_LIFETIME_S = 300;
const MAX_JTI_LENGTH = 255;

export interface ClientAssertionOptions {
  registry: ClientRegistry;
  keys: ClientKeys;
  ledger: JtiLedger;
  /** The URL the assertion's `aud` must name: the token endpoint. */
  audience: string;
  clockToleranceS: number;
  now: () => Date;
}

/** A client authenticated by its assertion; `jti` of the assertion for the audit trail. */
export interface AuthenticatedClient {
  client: RegisteredClient;
  assertionId: string;
}

/**
 * Authenticates a client by `private_key_jwt` (SMART App Launch 2, Backend Services,
 * "Client Authentication: Asymmetric"; RFC 7523 §3): the assertion is signed by one of the
 * client's registered keys with RS384/ES384, `iss` = `sub` = client_id, `aud` = the token URL,
 * `exp` present and at most five minutes ahead, `jti` never seen before. Every failure is an
 * `invalid_client` (RFC 6749 §5.2), its description naming the rule, never the assertion.
 * The unverified `iss`, when there is one, is given to `onClientNamed` for the audit trail.
 */
export class ClientAssertions {
  constructor(private readonly options: ClientAssertionOptions) {}

  async authenticate(form: URLSearchParams, onClientNamed: (clientId: string) => void): Promise<AuthenticatedClient> {
    const assertion = form.get('client_assertion');
    if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION || !assertion)
      throw refused(`client authentication is private_key_jwt: client_assertion_type ${JWT_BEARER_ASSERTION}`);
    const clientId = claimedClient(assertion);
    onClientNamed(clientId);
    const named = form.get('client_id');
    if (named !== null && named !== clientId) throw refused('client_id differs from the assertion iss');
    const client = await this.options.registry.get(clientId);
    // Said as for a registered client signing with another key: the answer must not tell an
    // unauthenticated caller which client ids exist.
    if (!client) throw refused(NO_MATCHING_KEY);
    const payload = await this.#verified(assertion, client);
    const now = this.options.now().getTime() / 1000;
    const exp = payload.exp!;
    if (exp - now > MAX_LIFETIME_S + this.options.clockToleranceS)
      throw refused('assertion exp is more than 5 minutes ahead');
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
      throw refused('assertion jti is required');
    const expiresAt = new Date((exp + this.options.clockToleranceS) * 1000);
    if (!(await this.options.ledger.record(clientId, jti, expiresAt))) throw refused('assertion jti was already used');
    return { client, assertionId: jti };
  }

  async #verified(assertion: string, client: RegisteredClient): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(assertion, this.options.keys.keysOf(client), {
        algorithms: [...ASSERTION_ALGORITHMS],
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS,
        currentDate: this.options.now(),
        requiredClaims: ['exp', 'jti'],
      });
      return payload;
    } catch (error) {
      throw refused(reasonOf(error));
    }
  }
}

/** The `iss` before anything is verified: it says whose keys to verify with. */
function claimedClient(assertion: string): string {
  let alg: unknown;
  let payload: JWTPayload;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    payload = decodeJwt(assertion);
  } catch {
    throw refused('client_assertion is not a JWT');
  }
  if (!ASSERTION_ALGORITHMS.includes(alg as (typeof ASSERTION_ALGORITHMS)[number]))
    throw refused('assertion alg must be RS384 or ES384');
  if (typeof payload.iss !== 'string' || payload.iss === '') throw refused('assertion iss is required');
  if (payload.sub !== payload.iss) throw refused('assertion sub must equal iss (the client_id)');
  return payload.iss;
}

const NO_MATCHING_KEY = 'no registered key matches the assertion';

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'assertion expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `assertion ${error.claim} is not valid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'assertion signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return NO_MATCHING_KEY;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'assertion alg must be RS384 or ES384';
  if (error instanceof errors.JOSEError) return 'assertion is not valid';
  // The client's jwks_uri could not be fetched or did not serve a public JWKS.
  return 'the client keys could not be obtained';
}

function refused(description: string): OAuthError {
  return new OAuthError('invalid_client', description);
}
