import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import { registerBootstrapAdmin } from './bootstrap-admin.js';
import { MemoryClientRegistry } from './memory-client-registry.js';

const jwks = (x: string) => JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-384', x, y: 'y', kid: x }] });
const now = () => new Date('2026-01-01T00:00:00Z');

describe('bootstrap admin from AUTH_ADMIN_CLIENT_ID + AUTH_ADMIN_JWKS(_FILE) (README "Creating the first admin client")', () => {
  it('registers it once: a restart with the same keys changes nothing, new keys replace the registration', async () => {
    const registry = new MemoryClientRegistry();
    expect(await registerBootstrapAdmin(registry, { clientId: 'ops', jwks: jwks('a') }, now)).to.equal('created');
    expect(await registerBootstrapAdmin(registry, { clientId: 'ops', jwks: jwks('a') }, now)).to.equal('unchanged');
    expect(await registerBootstrapAdmin(registry, { clientId: 'ops', jwks: jwks('b') }, now)).to.equal('replaced');
    const admin = await registry.get('ops');
    expect(admin?.jwks?.keys[0]?.kid).to.equal('b');
    expect(admin?.roles).to.include('admin');
  });

  it('reads the JWKS from AUTH_ADMIN_JWKS_FILE', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'nh-admin-'));
    try {
      await writeFile(join(folder, 'jwks.json'), jwks('f'));
      const registry = new MemoryClientRegistry();
      await registerBootstrapAdmin(registry, { clientId: 'ops', jwksFile: join(folder, 'jwks.json') }, now);
      expect((await registry.get('ops'))?.jwks?.keys[0]?.kid).to.equal('f');
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  it('stops the start on a private key, a symmetric key or text that is not JSON', async () => {
    const registry = new MemoryClientRegistry();
    const bad = [
      JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', d: 'secret' }] }),
      JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }),
      '{not json',
    ];
    for (const text of bad) {
      const error = await registerBootstrapAdmin(registry, { clientId: 'ops', jwks: text }, now).catch((e: Error) => e);
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/^AUTH_ADMIN_JWKS is not a public JWKS/);
    }
    expect(await registry.list()).to.deep.equal([]);
  });
});
