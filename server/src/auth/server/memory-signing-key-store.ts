import type { SigningKeyStore, StoredSigningKey } from './signing-keys.js';

/** One process's signing keys (zero-configuration start, tests): new ones at every start. */
export class MemorySigningKeyStore implements SigningKeyStore {
  readonly #keys = new Map<number, StoredSigningKey>();

  async list(): Promise<StoredSigningKey[]> {
    return [...this.#keys.values()].map((key) => structuredClone(key));
  }

  async insert(key: StoredSigningKey): Promise<boolean> {
    if (this.#keys.has(key.generation)) return false;
    this.#keys.set(key.generation, structuredClone(key));
    return true;
  }
}
