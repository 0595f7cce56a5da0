import { readFile } from 'node:fs/promises';
import type { ClientRegistry, RegisteredClient } from './client-registry.js';
import { publicJwks } from './public-jwks.js';

/** The first admin client, from AUTH_ADMIN_CLIENT_ID and AUTH_ADMIN_JWKS (or AUTH_ADMIN_JWKS_FILE). */
export interface BootstrapAdmin {
  clientId: string;
  /** The JWKS as JSON text. */
  jwks?: string;
  /** A file holding it. */
  jwksFile?: string;
}

/** The registered scope of the bootstrap admin: everything (it is the operator's own client). */
export const BOOTSTRAP_ADMIN_SCOPE = 'system/*.cruds';

/**
 * Registers the bootstrap admin at start (README "Creating the first admin client"). Idempotent:
 * the same keys leave the registration as it is; changed keys in the environment replace it
 * (the operator rotating the admin key), every process writing the same content.
 */
export async function registerBootstrapAdmin(
  registry: ClientRegistry,
  admin: BootstrapAdmin,
  now: () => Date,
): Promise<'created' | 'unchanged' | 'replaced'> {
  const text = admin.jwks ?? (admin.jwksFile === undefined ? undefined : await readFile(admin.jwksFile, 'utf8'));
  if (text === undefined) throw new Error('AUTH_ADMIN_CLIENT_ID needs AUTH_ADMIN_JWKS or AUTH_ADMIN_JWKS_FILE');
  let jwks: RegisteredClient['jwks'];
  try {
    jwks = publicJwks(JSON.parse(text));
  } catch (error) {
    throw new Error(`AUTH_ADMIN_JWKS is not a public JWKS: ${error instanceof Error ? error.message : String(error)}`);
  }
  const client: RegisteredClient = {
    clientId: admin.clientId,
    jwks,
    scope: BOOTSTRAP_ADMIN_SCOPE,
    roles: ['admin', 'auditor'],
    name: 'bootstrap admin (AUTH_ADMIN_CLIENT_ID)',
    created: now().toISOString(),
  };
  if ((await registry.register(client)) === 'created') return 'created';
  const existing = await registry.get(client.clientId);
  if (existing && sameGrant(existing, client)) return 'unchanged';
  await registry.replace({ ...client, created: existing?.created ?? client.created });
  return 'replaced';
}

function sameGrant(a: RegisteredClient, b: RegisteredClient): boolean {
  return (
    JSON.stringify([a.jwks, a.jwksUri, a.scope, a.roles, a.patient]) ===
    JSON.stringify([b.jwks, b.jwksUri, b.scope, b.roles, b.patient])
  );
}
