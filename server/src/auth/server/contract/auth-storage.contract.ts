import { expect } from 'chai';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { jwtVerify, SignJWT } from 'jose';
import type { AuthStorage } from '../auth-storage.js';
import type { RegisteredClient } from '../client-registry.js';
import { SigningKeys } from '../signing-keys.js';

/** Makes fresh, empty storage; `close` runs after each test. */
export type MakeAuthStorage = () => Promise<AuthStorage & { close?(): Promise<void> }>;

const client = (clientId: string, scope = 'system/Patient.rs'): RegisteredClient => ({
  clientId,
  jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y' }] },
  scope,
  roles: ['auditor'],
  created: '2026-01-01T00:00:00.000Z',
});

/**
 * The authorization server's storage, the same on memory and MongoDB/FerretDB: what must be
 * atomic (a registration, a jti, a key generation) is decided by one `_id` insert.
 */
export function describeAuthStorageContract(name: string, make: MakeAuthStorage): void {
  describe(`${name} — authorization server storage contract`, () => {
    let storage: Awaited<ReturnType<MakeAuthStorage>>;
    beforeEach(async () => {
      storage = await make();
    });
    afterEach(async () => {
      await storage.close?.();
    });

    it('registers a client id once; get, list, replace and remove by id (backend-services.html#registering-a-client)', async () => {
      expect(await storage.clients.register(client('c1'))).to.equal('created');
      expect(await storage.clients.register(client('c1', 'system/*.cruds'))).to.equal('exists');
      expect(await storage.clients.get('c1')).to.deep.equal(client('c1'));
      await storage.clients.register(client('c0'));
      expect((await storage.clients.list()).map((c) => c.clientId)).to.deep.equal(['c0', 'c1']);
      await storage.clients.replace(client('c1', 'system/Observation.rs'));
      expect((await storage.clients.get('c1'))?.scope).to.equal('system/Observation.rs');
      expect(await storage.clients.remove('c1')).to.equal(true);
      expect(await storage.clients.remove('c1')).to.equal(false);
      expect(await storage.clients.get('c1')).to.equal(undefined);
    });

    it('concurrent registrations of one id: exactly one is created (RFC 7591 §3.2.2: one client per id)', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => storage.clients.register(client('race'))));
      expect(results.filter((r) => r === 'created')).to.have.length(1);
    });

    it('records a jti once per client; a replay, even concurrent, is refused (RFC 7523 §3 item 7)', async () => {
      const expires = new Date(Date.now() + 60_000);
      expect(await storage.jtis.record('c1', 'j1', expires)).to.equal(true);
      expect(await storage.jtis.record('c1', 'j1', expires)).to.equal(false);
      expect(await storage.jtis.record('c2', 'j1', expires)).to.equal(true);
      const racing = await Promise.all(Array.from({ length: 10 }, () => storage.jtis.record('c1', 'j2', expires)));
      expect(racing.filter(Boolean)).to.have.length(1);
    });

    it('two processes starting at once share one signing key; a rotation keeps the old key verifying', async () => {
      // The same storage seen by two SigningKeys (two processes on one database).
      const [a, b] = [new SigningKeys(storage.keys), new SigningKeys(storage.keys)];
      await Promise.all([a.init(), b.init()]);
      expect(a.signer().kid).to.equal(b.signer().kid);
      expect((await storage.keys.list()).map((k) => k.generation)).to.deep.equal([1]);
      const old = await new SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg: a.signer().alg, kid: a.signer().kid })
        .sign(a.signer().key);
      await a.rotate();
      expect(a.signer().kid).to.not.equal(b.signer().kid);
      expect(a.jwks().keys).to.have.length(2);
      // b learns of the rotation when a token names the new kid.
      const fresh = await new SignJWT({ sub: 'y' })
        .setProtectedHeader({ alg: a.signer().alg, kid: a.signer().kid })
        .sign(a.signer().key);
      const lenient = new SigningKeys(storage.keys, { refreshAfterMs: 0 });
      await lenient.init();
      expect((await jwtVerify(old, lenient.verificationKey)).payload.sub).to.equal('x');
      await b.refresh();
      expect((await jwtVerify(fresh, b.verificationKey)).payload.sub).to.equal('y');
      expect((await jwtVerify(old, b.verificationKey)).payload.sub).to.equal('x');
    });

    it('a key generation is taken once (_id insert)', async () => {
      const keys = new SigningKeys(storage.keys);
      await keys.init();
      const [stored] = await storage.keys.list();
      expect(await storage.keys.insert(stored!)).to.equal(false);
    });
  });
}
