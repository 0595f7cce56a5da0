import type { ClientRegistry } from './client-registry.js';
import { MemoryJtiLedger, type JtiLedger } from './jti-ledger.js';
import { MemoryClientRegistry } from './memory-client-registry.js';
import { MemorySigningKeyStore } from './memory-signing-key-store.js';
import type { SigningKeyStore } from './signing-keys.js';

/** What the authorization server keeps: memory, or MongoDB (auth/mongo/, picked by main.ts). */
export interface AuthStorage {
  clients: ClientRegistry;
  jtis: JtiLedger;
  keys: SigningKeyStore;
}

export function memoryAuthStorage(now?: () => Date): AuthStorage {
  return { clients: new MemoryClientRegistry(), jtis: new MemoryJtiLedger(now), keys: new MemorySigningKeyStore() };
}
