import { expect } from 'chai';
import { describe, it } from 'mocha';
import { CachedClientRegistry } from './cached-client-registry.js';
import { MemoryClientRegistry } from './memory-client-registry.js';

const client = {
  clientId: 'c1',
  jwksUri: 'https://keys.example.org/jwks',
  scope: 'system/Patient.rs',
  roles: [],
  created: '',
};

describe('cached client registry — how fast a deleted client’s tokens stop working (RFC 7662 §2.2)', () => {
  it('a removal through it is seen at once; one by another process (the shared storage) within the ttl', async () => {
    let now = 0;
    const shared = new MemoryClientRegistry();
    const here = new CachedClientRegistry(shared, { ttlMs: 5_000, now: () => new Date(now) });
    await shared.register(client);
    expect(await here.get('c1')).to.deep.equal(client);
    await shared.remove('c1'); // another process deletes it
    now = 4_999;
    expect(await here.get('c1'), 'remembered within the ttl').to.deep.equal(client);
    now = 5_000;
    expect(await here.get('c1'), 'asked again after the ttl').to.equal(undefined);
    await here.register(client);
    expect(await here.get('c1')).to.deep.equal(client);
    await here.remove('c1');
    expect(await here.get('c1'), 'removed here: at once').to.equal(undefined);
  });

  it('an unknown client is not remembered: a registration elsewhere counts at once', async () => {
    const shared = new MemoryClientRegistry();
    const here = new CachedClientRegistry(shared, { now: () => new Date(0) });
    expect(await here.get('c1')).to.equal(undefined);
    await shared.register(client);
    expect(await here.get('c1')).to.deep.equal(client);
  });
});
