import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { loadConfig } from '../config.js';
import { createListener } from './listener.js';

/** A throw-away self-signed certificate for localhost (openssl, as an operator would make one). */
function selfSigned(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

describe('security.html#http — TLS for the HTTP listener (TLS_CERT_FILE, TLS_KEY_FILE; RFC 9325 §3.1.1)', () => {
  let dir: string;
  let files: { certFile: string; keyFile: string };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nexus-tls-'));
    files = selfSigned(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS with TLS 1.2 or later, refuses TLS 1.1; the base URL says https', async () => {
    const config = loadConfig({ TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile });
    expect(config.baseUrl).to.match(/^https:\/\//);
    const server = createListener(config.security.tls, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const ca = readFileSync(files.certFile);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, servername: 'localhost', ca, path: '/' }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      expect(body).to.equal('ok');
      const old = await new Promise<string>((resolve) => {
        const socket = connect({
          host: '127.0.0.1',
          port,
          ca,
          servername: 'localhost',
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
        });
        socket.on('secureConnect', () => resolve('connected'));
        // The server's own alert (70, protocol_version): it is the server that refuses.
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      });
      expect(old).to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
