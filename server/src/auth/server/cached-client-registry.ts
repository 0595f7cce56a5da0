import type { ClientRegistry, RegisterResult, RegisteredClient } from './client-registry.js';

export interface CachedClientRegistryOptions {
  /** How long a client found is remembered (default 5 s): the most another process lags a deletion. */
  ttlMs?: number;
  /** Most clients remembered; past it the cache starts over (default 10 000). */
  maxEntries?: number;
  now: () => Date;
}

/**
 * The client registry with its lookups remembered for a few seconds: the FHIR API checks on
 * every request that the token's client is still registered, and the admin API reads it on every
 * call. Only clients found are remembered (an unknown one is asked again), and every change made
 * through this registry forgets the client at once, so a deletion takes effect immediately in
 * the process that made it and within `ttlMs` in the others sharing the storage.
 */
export class CachedClientRegistry implements ClientRegistry {
  readonly #found = new Map<string, { client: RegisteredClient; until: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(
    private readonly registry: ClientRegistry,
    private readonly options: CachedClientRegistryOptions,
  ) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  async get(clientId: string): Promise<RegisteredClient | undefined> {
    const now = this.options.now().getTime();
    const cached = this.#found.get(clientId);
    if (cached && cached.until > now) return cached.client;
    this.#found.delete(clientId);
    const client = await this.registry.get(clientId);
    if (client) {
      if (this.#found.size >= this.#maxEntries) this.#found.clear();
      this.#found.set(clientId, { client, until: now + this.#ttlMs });
    }
    return client;
  }

  async register(client: RegisteredClient): Promise<RegisterResult> {
    this.#found.delete(client.clientId);
    return this.registry.register(client);
  }

  async replace(client: RegisteredClient): Promise<void> {
    this.#found.delete(client.clientId);
    await this.registry.replace(client);
  }

  list(): Promise<RegisteredClient[]> {
    return this.registry.list();
  }

  async remove(clientId: string): Promise<boolean> {
    this.#found.delete(clientId);
    const removed = await this.registry.remove(clientId);
    // A lookup racing the removal may have put it back.
    this.#found.delete(clientId);
    return removed;
  }
}
