import type { JSONWebKeySet } from 'jose';
import type { OperatorRole } from '../access.js';

/**
 * A client registered for SMART Backend Services
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html#registering-a-client-communicating-public-keys):
 * its public keys (a JWKS, or a URL serving one) and what it may ask for.
 */
export interface RegisteredClient {
  clientId: string;
  /** The public keys, given at registration. Exactly one of `jwks` and `jwksUri`. */
  jwks?: JSONWebKeySet;
  /** An https URL serving the public keys (fetched with net/safe-fetch.ts). */
  jwksUri?: string;
  /** The most this client may be granted: a token's scope is the requested ∩ this. */
  scope: string;
  roles: OperatorRole[];
  /** A fixed patient context: every token of this client carries `patient` (patient/ scopes reach only it). */
  patient?: string;
  /** A label for operators (no PHI). */
  name?: string;
  created: string;
}

/** Registration outcome: a client id is registered once. */
export type RegisterResult = 'created' | 'exists';

/**
 * Where clients are kept (auth_clients in MongoDB, or memory). Every operation goes by client id,
 * the one lookup a document store answers atomically (FerretDB 1.24: `_id` only).
 */
export interface ClientRegistry {
  register(client: RegisteredClient): Promise<RegisterResult>;
  /** Replaces a client in one write (the bootstrap admin when its keys change in the environment). */
  replace(client: RegisteredClient): Promise<void>;
  get(clientId: string): Promise<RegisteredClient | undefined>;
  list(): Promise<RegisteredClient[]>;
  /** True when it was registered. */
  remove(clientId: string): Promise<boolean>;
}
