import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type KeyObject } from 'jose';
import type { OperatorRole } from '../access.js';
import type { ClientRegistry } from './client-registry.js';

/** A client of the server's own processes, whose private key lives in this process's memory only. */
export interface InternalClient {
  clientId: string;
  privateKey: CryptoKey | KeyObject;
  kid: string;
  alg: 'ES384';
  /** Unregisters it (at shutdown): its key dies with the process anyway. */
  remove(): Promise<void>;
}

export interface InternalClientOptions {
  /** `<prefix>-<uuid>`: one registration per process, so several processes never race on one entry. */
  idPrefix: string;
  name: string;
  scope: string;
  roles: OperatorRole[];
  now: () => Date;
}

/**
 * Registers a SMART Backend Services client for a part of the server that calls its own API (the
 * HL7 v2 worker): an ES384 key pair made in memory, its public half registered under a client id
 * of its own. Nothing to configure and nothing that can leak — the private key is never written.
 * A process that dies without `remove()` leaves a registration no key can use.
 */
export async function registerInternalClient(
  registry: ClientRegistry,
  options: InternalClientOptions,
): Promise<InternalClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const clientId = `${options.idPrefix}-${randomUUID()}`;
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const outcome = await registry.register({
    clientId,
    jwks: { keys: [jwk] },
    scope: options.scope,
    roles: options.roles,
    name: options.name,
    created: options.now().toISOString(),
  });
  if (outcome !== 'created') throw new Error(`internal client ${clientId} already registered`);
  return {
    clientId,
    privateKey,
    kid,
    alg: 'ES384',
    remove: async () => void (await registry.remove(clientId)),
  };
}
