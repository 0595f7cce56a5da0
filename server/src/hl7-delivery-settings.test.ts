import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { parseHl7DeliverySettings } from './hl7-delivery-settings.js';

describe('HL7_DELIVERY_CLIENT_ID / HL7_DELIVERY_KEY_FILE (SMART Backend Services client of the HL7 v2 worker)', () => {
  let dir: string;
  const file = (name: string, content: unknown) => {
    const at = path.join(dir, name);
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'nh-delivery-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('unset: no configured client', () => {
    expect(parseHl7DeliverySettings({})).to.deep.equal({});
  });

  it('reads the client id and a private RSA or EC P-384 JWK', async () => {
    for (const alg of ['RS384', 'ES384'] as const) {
      const jwk = await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey);
      const settings = parseHl7DeliverySettings({
        HL7_DELIVERY_CLIENT_ID: 'feed',
        HL7_DELIVERY_KEY_FILE: file(alg, jwk),
      });
      expect(settings.deliveryClient).to.deep.equal({ clientId: 'feed', privateKey: jwk });
    }
  });

  it('stops the start: one without the other, an unreadable file, not JSON, a public key, another curve', async () => {
    const publicJwk = await exportJWK((await generateKeyPair('ES384')).publicKey);
    const p256 = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ HL7_DELIVERY_CLIENT_ID: 'feed' }, /must be set together/],
      [{ HL7_DELIVERY_KEY_FILE: file('k', '{}') }, /must be set together/],
      [{ HL7_DELIVERY_CLIENT_ID: 'feed', HL7_DELIVERY_KEY_FILE: path.join(dir, 'none') }, /readable file/],
      [{ HL7_DELIVERY_CLIENT_ID: 'feed', HL7_DELIVERY_KEY_FILE: file('text', 'key') }, /JSON/],
      [{ HL7_DELIVERY_CLIENT_ID: 'feed', HL7_DELIVERY_KEY_FILE: file('public', publicJwk) }, /private RSA or EC P-384/],
      [{ HL7_DELIVERY_CLIENT_ID: 'feed', HL7_DELIVERY_KEY_FILE: file('p256', p256) }, /private RSA or EC P-384/],
    ];
    for (const [env, message] of cases)
      expect(() => parseHl7DeliverySettings(env), JSON.stringify(env))
        .to.throw(message)
        .with.property('message')
        .that.matches(/^HL7_DELIVERY_/);
  });
});
