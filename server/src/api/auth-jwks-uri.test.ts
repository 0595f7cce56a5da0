import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'mocha';
import { AuthFixture, clientKey, type ClientKey } from './auth-server-fixture.js';

describe('token endpoint with a client jwks_uri (backend-services.html#registering-a-client-communicating-public-keys)', () => {
  let keys: Server;
  let key: ClientKey;
  let origin = '';
  before(async () => {
    key = await clientKey('ES384');
    keys = createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { Location: 'http://169.254.169.254/jwks' }).end();
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(key.jwks));
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
  });
  after(() => {
    keys.closeAllConnections();
    keys.close();
  });

  const refused = async (fx: AuthFixture, clientId: string, jwksUri: string) => {
    await fx.register(clientId, key, { jwksUri });
    const answer = await fx.post('/token', fx.form(await fx.assertion(clientId, key)));
    expect(answer.status, jwksUri).to.equal(401);
    expect(answer.body).to.deep.equal({
      error: 'invalid_client',
      error_description: 'the client keys could not be obtained',
    });
  };

  describe('served over http by loopback (the test-only setting)', () => {
    let fx: AuthFixture;
    before(async () => (fx = await AuthFixture.start({ authorizationServer: { allowHttpJwksLoopback: true } })));
    after(() => fx.close());

    it('verifies the assertion with the keys the jwks_uri serves', async () => {
      await fx.register('by-uri', key, { jwksUri: `${origin}/jwks` });
      const answer = await fx.post('/token', fx.form(await fx.assertion('by-uri', key)));
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    });

    it('does not follow a jwks_uri redirect (to the cloud metadata address)', async () => {
      await refused(fx, 'redirected', `${origin}/redirect`);
    });
  });

  describe('production rules (https, public addresses only)', () => {
    let fx: AuthFixture;
    before(async () => (fx = await AuthFixture.start()));
    after(() => fx.close());

    // Address literals are refused at registration (auth-token-rules.test.ts); a name is checked
    // where it is fetched, against the address it resolves to (net/safe-fetch.test.ts).
    it('refuses at registration a jwks_uri to 127.0.0.1, 169.254.169.254, 10.x, [::1] and localhost (RFC 7591 §2)', async () => {
      const hosts = ['127.0.0.1', '169.254.169.254', '10.0.0.8', '[::1]', 'localhost'];
      for (const [index, host] of hosts.entries())
        await fx.register(`ssrf-${index}`, key, { jwksUri: `https://${host}/jwks` }).then(
          () => expect.fail(`registered ${host}`),
          (error: unknown) => expect(error, host).to.have.property('status', 400),
        );
    });
  });
});
