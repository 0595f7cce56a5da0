import type { ClientRegistry, RegisterResult, RegisteredClient } from './client-registry.js';

/** Clients of one process (zero-configuration start and tests); gone when it stops. */
export class MemoryClientRegistry implements ClientRegistry {
  readonly #clients = new Map<string, RegisteredClient>();

  async register(client: RegisteredClient): Promise<RegisterResult> {
    if (this.#clients.has(client.clientId)) return 'exists';
    this.#clients.set(client.clientId, structuredClone(client));
    return 'created';
  }

  async replace(client: RegisteredClient): Promise<void> {
    this.#clients.set(client.clientId, structuredClone(client));
  }

  async get(clientId: string): Promise<RegisteredClient | undefined> {
    const client = this.#clients.get(clientId);
    return client && structuredClone(client);
  }

  async list(): Promise<RegisteredClient[]> {
    return [...this.#clients.values()]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1))
      .map((client) => structuredClone(client));
  }

  async remove(clientId: string): Promise<boolean> {
    return this.#clients.delete(clientId);
  }
}
