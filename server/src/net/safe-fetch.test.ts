import { expect } from 'chai';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'mocha';
import { safeFetchJson, SafeFetchError, type SafeFetchOptions } from './safe-fetch.js';

/** A loopback server whose answer each test picks by path. */
const ROUTES: Record<string, (res: ServerResponse) => void> = {
  '/jwks': (res) => res.writeHead(200, { 'Content-Type': 'application/jwk-set+json' }).end('{"keys":[]}'),
  '/redirect': (res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  '/html': (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>'),
  '/huge': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(`"${'a'.repeat(70 * 1024)}"`),
  '/huge-chunked': (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    for (let i = 0; i < 70; i++) res.write('a'.repeat(1024));
    res.end();
  },
  '/slow': () => undefined,
  '/error': (res) => res.writeHead(500, { 'Content-Type': 'application/json' }).end('{}'),
  '/not-json': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{keys'),
};

const refusal = async (url: string, options: SafeFetchOptions, pattern: RegExp) => {
  const error = await safeFetchJson(url, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, url).to.be.instanceOf(SafeFetchError);
  expect((error as Error).message, url).to.match(pattern);
};

describe('net/safe-fetch — a jwks_uri cannot reach inside the network (OWASP SSRF)', () => {
  let server: Server;
  let origin = '';
  const loopback: SafeFetchOptions = { allowHttpLoopback: true };
  before(async () => {
    server = createServer((req, res) => (ROUTES[req.url ?? ''] ?? ((r) => r.writeHead(404).end()))(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('fetches a JSON document (the test setting allows http to loopback)', async () => {
    expect(await safeFetchJson(`${origin}/jwks`, loopback)).to.deep.equal({ keys: [] });
  });

  it('refuses http without the test setting, and http beyond loopback with it', async () => {
    await refusal(`${origin}/jwks`, {}, /only https/);
    await refusal('http://10.0.0.5/jwks', loopback, /loopback only/);
    await refusal('http://example.org/jwks', { ...loopback, resolve: async () => ['93.184.216.34'] }, /loopback only/);
    await refusal('ftp://example.org/jwks', loopback, /only https/);
  });

  it('refuses loopback, link-local (cloud metadata), private, CGN, multicast and reserved addresses', async () => {
    for (const host of [
      '127.0.0.1',
      '169.254.169.254',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      await refusal(`https://${host}/jwks`, {}, /private, loopback or reserved/);
    }
  });

  it('refuses IPv6 loopback, unique-local, link-local, multicast, and IPv4-mapped/NAT64 forms of private addresses', async () => {
    for (const host of [
      '[::1]',
      '[fd00::1]',
      '[fe80::1]',
      '[ff02::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:a9fe:a9fe]',
      '[64:ff9b::a00:1]',
      '[::]',
    ]) {
      await refusal(`https://${host}/jwks`, {}, /private, loopback or reserved/);
    }
  });

  it('refuses a name resolving to a private address, or to a public and a private one (each is checked)', async () => {
    await refusal('https://keys.example/jwks', { resolve: async () => ['10.0.0.7'] }, /private, loopback or reserved/);
    await refusal(
      'https://keys.example/jwks',
      { resolve: async () => ['93.184.216.34', '169.254.169.254'] },
      /private/,
    );
    await refusal('https://keys.example/jwks', { resolve: async () => [] }, /does not resolve/);
    await refusal('https://user:pw@keys.example/jwks', {}, /credentials/);
  });

  it('connects to the address it checked, not to a second resolution (DNS rebinding)', async () => {
    // `keys.invalid` resolves nowhere through the system: only the pinned, checked address is used.
    const port = new URL(origin).port;
    const pinned = { ...loopback, resolve: async () => ['127.0.0.1'] };
    expect(await safeFetchJson(`http://keys.invalid:${port}/jwks`, pinned)).to.deep.equal({ keys: [] });
  });

  it('does not follow a redirect (to the metadata address or anywhere)', async () => {
    await refusal(`${origin}/redirect`, loopback, /redirects are not followed/);
  });

  it('refuses more than 64 KiB (declared or streamed), a non-JSON type or body, an error status, and a slow server', async () => {
    await refusal(`${origin}/huge`, loopback, /exceeds 65536 bytes/);
    await refusal(`${origin}/huge-chunked`, loopback, /exceeds 65536 bytes/);
    await refusal(`${origin}/html`, loopback, /not JSON/);
    await refusal(`${origin}/not-json`, loopback, /not JSON/);
    await refusal(`${origin}/error`, loopback, /answered 500/);
    const started = Date.now();
    await refusal(`${origin}/slow`, { ...loopback, timeoutMs: 300 }, /no answer within 300 ms/);
    expect(Date.now() - started).to.be.lessThan(2000);
  });
});
