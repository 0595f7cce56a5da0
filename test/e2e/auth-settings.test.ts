// AUTH_MODE of the running program (README "Configuration", issue 6): an external authorization
// server's tokens verified through its JWKS; AUTH_MODE=off only on loopback, and said loudly.
import type { CapabilityStatement } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { type RunningServer, startServer } from '../support/server-process.js';

describe('AUTH_MODE of the running program [memory store]', function () {
  this.timeout(180_000);
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('AUTH_MODE=off on loopback serves without a token and warns that authentication is off', async () => {
    server = await startServer({ env: { AUTH_MODE: 'off' } });
    expect((await fetch(`${server.baseUrl}/Patient`)).status).to.equal(200);
    expect(server.output()).to.contain('AUTHENTICATION IS OFF');
  });

  it('AUTH_MODE=off beyond loopback stops the start, naming HOST', async () => {
    const error = await startServer({ env: { AUTH_MODE: 'off', HOST: '0.0.0.0' }, startTimeoutMs: 30_000 }).then(
      async (running) => {
        await running.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain('AUTH_MODE=off serves on a loopback HOST only (HOST=0.0.0.0)');
  });

  describe('AUTH_ISSUER + AUTH_JWKS_URL (an external authorization server, RFC 6750, RFC 7517)', () => {
    const issuer = 'https://as.example/realms/nexus';
    let jwks: Server;
    let privateKey: CryptoKey;
    let keyDir: string;
    /** The HL7v2 worker's client at that server (README "HL7v2 worker credentials"): its private JWK in a file. */
    let workerClient: Record<string, string>;
    const external = () => ({
      AUTH_MODE: 'smart',
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`,
    });
    before(async () => {
      const pair = await generateKeyPair('ES384');
      privateKey = pair.privateKey;
      const key = { ...(await exportJWK(pair.publicKey)), kid: 'as-1', alg: 'ES384', use: 'sig' };
      jwks = createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key] })),
      );
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      keyDir = mkdtempSync(path.join(tmpdir(), 'nh-auth-settings-'));
      const keyFile = path.join(keyDir, 'hl7-worker.jwk');
      const workerKey = await exportJWK((await generateKeyPair('ES384', { extractable: true })).privateKey);
      writeFileSync(keyFile, JSON.stringify(workerKey), { mode: 0o600 });
      workerClient = { HL7_DELIVERY_CLIENT_ID: 'hl7-worker', HL7_DELIVERY_KEY_FILE: keyFile };
    });
    after(async () => {
      rmSync(keyDir, { recursive: true, force: true });
      await new Promise<void>((resolve) => jwks.close(() => resolve()));
    });

    it('without a client for the HL7v2 worker (HL7_DELIVERY_CLIENT_ID + HL7_DELIVERY_KEY_FILE) the start stops, naming them', async () => {
      const error = await startServer({ env: external(), startTimeoutMs: 30_000 }).then(
        async (running) => {
          await running.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.contain('needs HL7_DELIVERY_CLIENT_ID and HL7_DELIVERY_KEY_FILE');
    });

    it('refuses requests without a valid token, serves those with one, keeps metadata public', async () => {
      server = await startServer({ env: { ...external(), ...workerClient } });
      const token = await new SignJWT({ scope: 'system/Patient.rs', client_id: 'backend' })
        .setProtectedHeader({ alg: 'ES384', kid: 'as-1' })
        .setIssuer(issuer)
        .setAudience(server.baseUrl)
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(privateKey);
      const without = await fetch(`${server.baseUrl}/Patient`);
      expect(without.status).to.equal(401);
      expect(without.headers.get('www-authenticate')).to.match(/^Bearer realm=/);
      const withToken = await fetch(`${server.baseUrl}/Patient`, { headers: { Authorization: `Bearer ${token}` } });
      expect(withToken.status).to.equal(200);
      const metadata = await fetch(`${server.baseUrl}/metadata`);
      expect(metadata.status).to.equal(200);
      const statement = (await metadata.json()) as CapabilityStatement;
      expect(statement.rest?.[0]?.security?.service?.[0]?.coding?.[0]?.code).to.equal('SMART-on-FHIR');
      expect(server.output()).not.to.contain(token);
    });
  });
});
