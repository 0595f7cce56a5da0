import { importJWK, SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

/**
 * Lifetime of an assertion. SMART allows at most five minutes; it is used at once, and a short
 * one leaves room for a server clock that runs ahead.
 */
const ASSERTION_LIFETIME_S = 120;

/**
 * The authentication JWT of SMART Backend Services
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html#request-access-token):
 * `iss` = `sub` = client_id, `aud` = the token URL, `exp` ≤ 5 minutes, a `jti` never used before.
 */
export async function clientAssertion(signing: SigningKey, clientId: string, tokenUrl: string): Promise<string> {
  const key = 'kty' in signing.key ? await importJWK(signing.key, signing.alg) : signing.key;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: signing.alg, typ: 'JWT', ...(signing.kid === undefined ? {} : { kid: signing.kid }) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + ASSERTION_LIFETIME_S)
    .setJti(globalThis.crypto.randomUUID())
    .sign(key);
}
