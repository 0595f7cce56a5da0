// The bootstrap admin client of every program the harness starts (AUTH_ADMIN_CLIENT_ID +
// AUTH_ADMIN_JWKS): one key pair per test run, generated here with jose, held in memory only.
// (The HL7 worker inside each program registers its own internal client: auth/server/internal-client.ts.)
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface E2eAdmin {
  clientId: string;
  /** The private JWK the SDK signs its client assertions with. */
  privateJwk: JWK;
  /** The public JWKS as the program reads it from AUTH_ADMIN_JWKS. */
  jwks: string;
}

export const E2E_ADMIN_CLIENT_ID = 'e2e-admin';

let admin: Promise<E2eAdmin> | undefined;

/** The run's admin credentials, made on first use. */
export function e2eAdmin(): Promise<E2eAdmin> {
  admin ??= makeAdmin();
  return admin;
}

async function makeAdmin(): Promise<E2eAdmin> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `e2e-${process.pid}-${Date.now()}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES384' };
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' }] });
  return { clientId: E2E_ADMIN_CLIENT_ID, privateJwk, jwks };
}
