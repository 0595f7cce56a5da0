import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export interface RemoteKeySetOptions {
  /** Longest wait for the JWKS endpoint (default 5 s). */
  timeoutMs?: number;
  /**
   * After a fetch, a token with an unknown `kid` waits this long before it may cause another
   * (default 30 s), so forged `kid`s cannot make the server hammer the issuer.
   */
  cooldownMs?: number;
  /** Keys are fetched again at least this often (default 10 min): removed keys stop working. */
  maxAgeMs?: number;
}

/**
 * The key set of an external authorization server (AUTH_JWKS_URL), cached and fetched again
 * when a token names a `kid` it does not hold (key rotation), no redirects followed (jose).
 */
export function remoteKeySet(url: string, options: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: options.timeoutMs ?? 5_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.maxAgeMs ?? 600_000,
  });
}
