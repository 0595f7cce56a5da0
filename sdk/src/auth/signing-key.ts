import type { CryptoKey, JWK, KeyObject } from 'jose';
import type { AssertionAlgorithm, BackendServicesAuth } from './backend-services-auth.js';

/** A private key with the algorithm and `kid` its assertions are signed with. */
export interface SigningKey {
  key: JWK | CryptoKey | KeyObject;
  alg: AssertionAlgorithm;
  kid?: string;
}

/** The subset of Node's KeyObject read here (jose types it as `{ type }` only). */
interface NodeKeyObject {
  type: string;
  asymmetricKeyType?: string;
  asymmetricKeyDetails?: { namedCurve?: string };
}

/**
 * Checks the key before the first request, so a public key or an unsuitable curve fails at
 * construction with a TypeError that names the problem (never the key material).
 */
export function signingKey(auth: BackendServicesAuth): SigningKey {
  const { privateKey: key } = auth;
  const kind = describe(key);
  if (!kind.private) throw new TypeError('auth.privateKey must be a private key');
  const alg = auth.alg ?? kind.alg;
  if (alg === undefined) throw new TypeError(`auth.privateKey (${kind.name}) is neither RSA nor EC P-384: give alg`);
  if (!isAssertionAlgorithm(alg)) throw new TypeError(`auth.alg must be RS384 or ES384, not ${String(alg)}`);
  if (kind.alg !== undefined && kind.alg !== alg)
    throw new TypeError(`auth.alg ${alg} does not fit a ${kind.name} key`);
  const kid = auth.kid ?? (isJwk(key) ? key.kid : undefined);
  return kid === undefined ? { key, alg } : { key, alg, kid };
}

interface KeyKind {
  name: string;
  private: boolean;
  alg?: AssertionAlgorithm;
}

function describe(key: JWK | CryptoKey | KeyObject): KeyKind {
  if (isJwk(key)) {
    const alg = isAssertionAlgorithm(key.alg) ? key.alg : algorithmOf(key.kty, key.crv);
    return withAlg({ name: `${key.kty} JWK`, private: typeof key.d === 'string' }, alg);
  }
  if ('algorithm' in key) {
    const { name, namedCurve } = key.algorithm as { name: string; namedCurve?: string };
    const kty = name === 'ECDSA' ? 'EC' : name === 'RSASSA-PKCS1-v1_5' ? 'RSA' : name;
    return withAlg({ name: `${name} CryptoKey`, private: key.type === 'private' }, algorithmOf(kty, namedCurve));
  }
  const node = key as NodeKeyObject;
  const kty = node.asymmetricKeyType === 'rsa' ? 'RSA' : node.asymmetricKeyType === 'ec' ? 'EC' : undefined;
  const curve = node.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : undefined;
  const kind = { name: `${node.asymmetricKeyType ?? node.type} KeyObject`, private: node.type === 'private' };
  return withAlg(kind, kty === undefined ? undefined : algorithmOf(kty, curve));
}

function withAlg(kind: KeyKind, alg: AssertionAlgorithm | undefined): KeyKind {
  return alg === undefined ? kind : { ...kind, alg };
}

function algorithmOf(kty: string | undefined, curve: string | undefined): AssertionAlgorithm | undefined {
  if (kty === 'RSA') return 'RS384';
  if (kty === 'EC' && curve === 'P-384') return 'ES384';
  return undefined;
}

function isJwk(key: JWK | CryptoKey | KeyObject): key is JWK {
  return typeof (key as { kty?: unknown }).kty === 'string';
}

function isAssertionAlgorithm(alg: unknown): alg is AssertionAlgorithm {
  return alg === 'RS384' || alg === 'ES384';
}
