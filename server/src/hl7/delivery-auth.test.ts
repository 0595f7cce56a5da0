import { expect } from 'chai';
import { generateKeyPair, exportJWK } from 'jose';
import { MemoryClientRegistry } from '../auth/server/memory-client-registry.js';
import { DELIVERY_ROLES, DELIVERY_SCOPE, hl7DeliveryAuth } from './delivery-auth.js';

const now = () => new Date('2026-01-01T00:00:00Z');

/** SMART Backend Services (backend-services.html#registering-a-client-communicating-public-keys) for the HL7 v2 worker. */
describe('HL7 v2 worker credentials (SMART Backend Services)', () => {
  it('AUTH_MODE=off: the worker delivers without credentials', async () => {
    const delivery = await hl7DeliveryAuth({ authMode: 'off', settings: {}, now });
    expect(delivery).to.not.have.property('auth');
  });

  it('HL7_DELIVERY_CLIENT_ID + key: that client, asking for system/*.cruds; nothing registered', async () => {
    const privateKey = await exportJWK((await generateKeyPair('ES384', { extractable: true })).privateKey);
    const registry = new MemoryClientRegistry();
    const delivery = await hl7DeliveryAuth({
      authMode: 'smart',
      settings: { deliveryClient: { clientId: 'hl7-feed', privateKey } },
      registry,
      now,
    });
    expect(delivery?.auth).to.deep.equal({ clientId: 'hl7-feed', privateKey, scope: 'system/*.cruds' });
    expect(await registry.list()).to.deep.equal([]);
  });

  it('beside our own authorization server: registers an internal client per process, public key only, and removes it at release', async () => {
    const registry = new MemoryClientRegistry();
    const [one, two] = await Promise.all([
      hl7DeliveryAuth({ authMode: 'smart', settings: {}, registry, now }),
      hl7DeliveryAuth({ authMode: 'smart', settings: {}, registry, now }),
    ]);
    expect(one?.clientId).to.match(/^nexushealth-hl7-worker-[0-9a-f-]{36}$/);
    expect(one?.clientId).to.not.equal(two?.clientId);
    const registered = await registry.get(one!.clientId!);
    expect(registered).to.deep.include({ scope: DELIVERY_SCOPE, roles: DELIVERY_ROLES });
    const [jwk] = registered?.jwks?.keys ?? [];
    expect(jwk).to.include({ kty: 'EC', crv: 'P-384', alg: 'ES384', kid: one?.auth?.kid });
    expect(jwk).to.not.have.property('d');
    expect(one?.auth).to.include({ clientId: one?.clientId, alg: 'ES384', scope: DELIVERY_SCOPE });
    await one?.release();
    expect((await registry.list()).map((c) => c.clientId)).to.deep.equal([two?.clientId]);
  });

  it('an external authorization server without a configured client: none to be had (the start stops)', async () => {
    expect(await hl7DeliveryAuth({ authMode: 'smart', settings: {}, now })).to.equal(undefined);
  });
});
