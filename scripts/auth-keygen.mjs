// `npm run auth:keygen [-- ES384|RS384]`: a new client key pair for SMART Backend Services.
// Prints the private JWK (keep it secret: it signs the client's assertions) and the public JWKS
// (register it: AUTH_ADMIN_JWKS for the bootstrap admin, or `jwks` at POST /auth/clients).
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

const alg = process.argv[2] ?? 'ES384';
if (alg !== 'ES384' && alg !== 'RS384') {
  process.stderr.write('auth:keygen: the algorithm is ES384 (default) or RS384\n');
  process.exit(2);
}
const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
const kid = randomUUID();
const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }] };
process.stdout.write(
  [
    '# Private JWK: store it where only the client can read it (never in the server environment)',
    JSON.stringify(privateJwk),
    '# Public JWKS: AUTH_ADMIN_JWKS (or the file AUTH_ADMIN_JWKS_FILE names), or `jwks` at POST /auth/clients',
    JSON.stringify(jwks),
    '',
  ].join('\n'),
);
