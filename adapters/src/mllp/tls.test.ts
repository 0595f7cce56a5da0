import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ackOf, adt, pipeline } from '../test-support/pipeline-fixture.js';
import { MllpClient } from './client.js';
import { MllpServer, type MllpRefusal, type MllpSender } from './server.js';

interface Pem {
  readonly cert: string;
  readonly key: string;
}

/** A throwaway self-signed certificate for 127.0.0.1, made by openssl for this run only. */
function selfSigned(dir: string, name: string): Pem {
  const [key, cert] = [path.join(dir, `${name}.key`), path.join(dir, `${name}.crt`)];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

describe('MLLP over TLS (MLLP R2 over a secure transport)', function () {
  let dir: string;
  let server: Pem;
  let client: Pem;
  let intruder: Pem;
  const servers: MllpServer[] = [];
  const clients: MllpClient[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nh-mllp-tls-'));
    server = selfSigned(dir, 'server');
    client = selfSigned(dir, 'client');
    intruder = selfSigned(dir, 'intruder');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const listen = async (tls: ConstructorParameters<typeof MllpServer>[1], seen?: MllpSender[]): Promise<number> => {
    const s = new MllpServer(async (payload, sender) => {
      seen?.push(sender);
      return Buffer.concat([Buffer.from('ACK:'), payload]);
    }, tls);
    servers.push(s);
    return s.listen(0);
  };
  const connect = (port: number, tls: NonNullable<ConstructorParameters<typeof MllpClient>[2]>['tls']) => {
    const c = new MllpClient(port, '127.0.0.1', { timeoutMs: 5000, ...(tls === undefined ? {} : { tls }) });
    clients.push(c);
    return c;
  };

  it('answers over TLS a client that trusts the server certificate, with the peer address', async () => {
    const seen: MllpSender[] = [];
    const port = await listen({ tls: server }, seen);
    expect(await connect(port, { ca: server.cert }).send('hello')).to.equal('ACK:hello');
    expect(seen).to.deep.equal([{ transport: 'mllp', address: '127.0.0.1' }]);
  });

  it('refuses a client that does not trust the server certificate', async () => {
    const port = await listen({ tls: server });
    const untrusting = connect(port, { ca: client.cert });
    let failure: unknown;
    await untrusting.send('hello').catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error);
  });

  const refused = (send: Promise<string>) =>
    send.then(
      (reply) => expect.fail(`answered: ${reply}`),
      (error: unknown) => expect(error).to.be.instanceOf(Error),
    );

  it('mutual TLS: with `ca` set, answers a client with a trusted certificate and refuses one without, reporting the refusal', async () => {
    const refusals: MllpRefusal[] = [];
    const port = await listen({ tls: { ...server, ca: client.cert }, onRefused: (r) => refusals.push(r) });
    expect(await connect(port, { ca: server.cert, ...client }).send('mutual')).to.equal('ACK:mutual');
    await refused(connect(port, { ca: server.cert }).send('anonymous'));
    await refused(connect(port, { ca: server.cert, ...intruder }).send('untrusted'));
    expect(refusals.map((r) => [r.reason, r.address])).to.deep.equal([
      ['tls-handshake-failed', '127.0.0.1'],
      ['tls-handshake-failed', '127.0.0.1'],
    ]);
    expect(refusals.map((r) => r.detail)).to.deep.equal([
      'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]);
  });

  it('mutual TLS with allowed subjects: a valid certificate for another subject (CN) is refused before any message is read', async () => {
    const refusals: MllpRefusal[] = [];
    const seen: MllpSender[] = [];
    const ca = `${client.cert}${intruder.cert}`;
    const allowedSubjects = new Set(['client']);
    const port = await listen({ tls: { ...server, ca, allowedSubjects }, onRefused: (r) => refusals.push(r) }, seen);
    expect(await connect(port, { ca: server.cert, ...client }).send('listed')).to.equal('ACK:listed');
    await refused(connect(port, { ca: server.cert, ...intruder }).send('not listed'));
    expect(seen).to.have.length(1);
    expect(refusals).to.deep.equal([{ reason: 'certificate-subject-not-allowed', address: '127.0.0.1' }]);
  });

  it('carries the receiver end to end: bytes in, ACK in the sender’s character set out', async () => {
    const { receive, sink } = pipeline();
    const s = new MllpServer(receive, { tls: server });
    servers.push(s);
    const port = await s.listen(0);
    const latin1 = Buffer.from(adt({ family: 'SØRENSEN' }).replace('|P|2.5.1|||', '|P|2.5.1||||||8859/1'), 'latin1');
    const ack = await connect(port, { ca: server.cert }).send(latin1);
    expect(ackOf(ack).code).to.equal('AA');
    const [patient] = sink.all('Patient') as { name?: { family?: string }[] }[];
    expect(patient?.name?.[0]?.family).to.equal('SØRENSEN');
  });
});
