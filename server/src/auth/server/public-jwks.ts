import type { JSONWebKeySet, JWK } from 'jose';

/** A key set a client may register or serve is refused with this (the message says why). */
export class JwksError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwksError';
  }
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;
const MAX_KEYS = 20;

/**
 * Checks that `value` is a JWKS of public RSA or EC keys (SMART Backend Services: clients
 * register public keys only). Symmetric (`oct`) keys and private members are refused, so that a
 * key set can never make an HMAC secret of a public key (algorithm confusion, RFC 8725 §2.1).
 */
export function publicJwks(value: unknown): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(keys))
    throw new JwksError('a JWKS has a keys array');
  if (keys.length === 0 || keys.length > MAX_KEYS) throw new JwksError(`a JWKS holds 1 to ${MAX_KEYS} keys`);
  return { keys: keys.map(publicKey) };
}

function publicKey(key: unknown, index: number): JWK {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new JwksError(`keys[${index}] is not a JWK`);
  const jwk = key as JWK;
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new JwksError(`keys[${index}]: kty must be RSA or EC`);
  if (PRIVATE_MEMBERS.some((member) => member in jwk))
    throw new JwksError(`keys[${index}] holds private key material: register the public key only`);
  return jwk;
}
