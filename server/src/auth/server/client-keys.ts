import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { safeFetchJson, type SafeFetchOptions } from '../../net/safe-fetch.js';
import type { RegisteredClient } from './client-registry.js';
import { publicJwks } from './public-jwks.js';

export interface ClientKeysOptions {
  /** How the client's `jwks_uri` is fetched (net/safe-fetch.ts). */
  fetch?: SafeFetchOptions;
  now?: () => Date;
  /** A fetched key set is used this long (default 5 min). */
  cacheMs?: number;
  /** A `kid` the cached set lacks is fetched again at most this often (default 30 s). */
  refetchAfterMs?: number;
}

interface Cached {
  uri: string;
  fetchedAt: number;
  getKey: JWTVerifyGetKey;
}

/**
 * The public keys a client's assertions are verified with: its registered JWKS, or the one its
 * `jwks_uri` serves (SMART Backend Services, "Client Authentication: Asymmetric"), fetched with
 * the SSRF-safe fetch and cached, fetched again when the client signs with a new `kid` (its own
 * key rotation) but not more often than `refetchAfterMs`, so unknown kids cannot drive fetches.
 */
export class ClientKeys {
  readonly #cache = new Map<string, Cached>();
  readonly #options: ClientKeysOptions;
  readonly #now: () => Date;

  constructor(options: ClientKeysOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** The key lookup for `client`; throws (a fetch or key-set error) when its keys cannot be had. */
  keysOf(client: RegisteredClient): JWTVerifyGetKey {
    if (client.jwks) return createLocalJWKSet(publicJwks(client.jwks));
    const uri = client.jwksUri;
    if (uri === undefined) throw new Error(`client ${client.clientId} has no keys`);
    return async (header, token) => {
      const cached = await this.#fetched(client.clientId, uri, false);
      try {
        return await cached.getKey(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        const fresh = await this.#fetched(client.clientId, uri, true);
        if (fresh === cached) throw error;
        return fresh.getKey(header, token);
      }
    };
  }

  async #fetched(clientId: string, uri: string, kidMissing: boolean): Promise<Cached> {
    const now = this.#now().getTime();
    const cached = this.#cache.get(clientId);
    const age = cached && cached.uri === uri ? now - cached.fetchedAt : Infinity;
    const keepFor = kidMissing ? (this.#options.refetchAfterMs ?? 30_000) : (this.#options.cacheMs ?? 300_000);
    if (cached && age < keepFor) return cached;
    const jwks = publicJwks(await safeFetchJson(uri, this.#options.fetch));
    const fresh: Cached = { uri, fetchedAt: now, getKey: createLocalJWKSet(jwks) };
    this.#cache.set(clientId, fresh);
    return fresh;
  }
}
