// The HL7 v2 settings of the running program (README "Configuration"): MLLP over TLS with client
// certificates, enhanced acknowledgment mode, and a bad value that stops the start naming the setting.
import { MllpClient } from '@nexushealth/adapters';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireSharedData } from '../harness/services.js';
import { eventually } from '../support/eventually.js';
import { type CorpusMessage, originalModeAdt } from '../support/hl7-corpus.js';
import { parseAck } from '../support/hl7-expectations.js';
import { entryOf } from '../support/hl7-http.js';
import { sendOne, withControlId } from '../support/hl7-sending.js';
import { type PemFiles, selfSignedPemFiles } from '../support/hl7-tls.js';
import { type RunningServer, startServer } from '../support/server-process.js';

describe('HL7 v2 settings of the running program [memory store]', function () {
  this.timeout(180_000);
  let dir: string;
  let adt: CorpusMessage;
  let server: RunningServer | undefined;
  const fresh = () => withControlId(adt.text, `S${Date.now().toString(36)}`);

  before(function () {
    const hl7 = requireSharedData('hl7v2');
    if (hl7 === undefined) return this.skip();
    adt = originalModeAdt(hl7);
    dir = mkdtempSync(path.join(tmpdir(), 'nh-e2e-tls-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('speaks MLLP over TLS with MLLP_TLS_CERT/KEY, and asks for a client certificate with MLLP_TLS_CA (IHE ATNA secure node)', async () => {
    const [own, peer]: PemFiles[] = [selfSignedPemFiles(dir, 'server'), selfSignedPemFiles(dir, 'client')];
    server = await startServer({
      env: { MLLP_TLS_CERT: own!.certFile, MLLP_TLS_KEY: own!.keyFile, MLLP_TLS_CA: peer!.certFile },
    });
    const trusted = new MllpClient(server.mllpPort, '127.0.0.1', {
      timeoutMs: 30_000,
      tls: { ca: own!.cert, cert: peer!.cert, key: peer!.key },
    });
    try {
      expect(parseAck(await trusted.send(fresh())).code).to.equal('AA');
    } finally {
      await trusted.close();
    }
    const anonymous = new MllpClient(server.mllpPort, '127.0.0.1', { timeoutMs: 5_000, tls: { ca: own!.cert } });
    await anonymous.send(fresh()).then(
      (reply) => expect.fail(`answered without a client certificate: ${reply.slice(0, 40)}`),
      (error: unknown) => expect(error).to.be.instanceOf(Error),
    );
    await anonymous.close();
    await sendOne(server.mllpPort, fresh(), 3_000).then(
      () => expect.fail('answered over plain TCP'),
      (error: unknown) => expect(error).to.be.instanceOf(Error),
    );
  });

  it('takes MLLP connections from MLLP_ALLOWED_PEERS only: another peer is closed unanswered and logged by address alone (IHE ATNA)', async () => {
    server = await startServer({ env: { MLLP_ALLOWED_PEERS: '127.0.0.1, ::1' } });
    const text = fresh();
    const outsider = new MllpClient(server.mllpPort, '127.0.0.1', { timeoutMs: 5_000, localAddress: '127.0.0.2' });
    await outsider.send(text).then(
      (reply) => expect.fail(`answered a peer not allowed: ${reply.slice(0, 40)}`),
      (error: unknown) => expect(String(error)).to.match(/closed|reset/i),
    );
    await outsider.close();
    const controlId = text.split('\r')[0]!.split('|')[9]!;
    expect(await entryOf(server.origin, controlId), 'stored from a refused peer').to.equal(undefined);
    const refused = server
      .output()
      .split('\n')
      .filter((line) => line.includes('MLLP connection refused'));
    expect(refused).to.have.length(1);
    expect(refused[0]).to.include('"address":"127.0.0.2"').and.include('"reason":"peer-not-allowed"');
    expect((await sendOne(server.mllpPort, text)).code).to.equal('AA');
  });

  it('delivers with AUTH_MODE=smart as an internal Backend Services client of our own authorization server (system/*.cruds)', async () => {
    server = await startServer({ env: { AUTH_MODE: 'smart' } });
    expect((await sendOne(server.mllpPort, fresh())).code).to.equal('AA');
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('HL7v2 worker delivers'));
    expect(line).to.match(/"clientId":"nexushealth-hl7-worker-[0-9a-f-]{36}"/);
  });

  it('answers a commit ACK once stored with HL7_ACK_MODE=enhanced, and keeps the application ACK (v2.5.1 §2.9.3)', async () => {
    server = await startServer({ env: { HL7_ACK_MODE: 'enhanced' } });
    const text = fresh();
    const ack = await sendOne(server.mllpPort, text);
    expect(ack.code).to.equal('CA');
    const controlId = text.split('\r')[0]!.split('|')[9]!;
    const entry = await eventually(
      () => entryOf(server!.origin, controlId),
      (e) => e?.status === 'processed',
    );
    expect(entry).to.include({ status: 'processed', ackCode: 'AA' });
  });

  for (const [name, value] of [
    ['HL7_ACK_MODE', 'queued'],
    ['HL7_MAX_ATTEMPTS', '0'],
    ['HL7_IDENTIFIER_SYSTEMS', '{"global": {"MRN": "not a uri"}}'],
    ['MLLP_TLS_CERT', '/no/such/file.pem'],
    ['MLLP_ALLOWED_PEERS', '10.0.0.0/33'],
    ['MLLP_TLS_REQUIRE_CLIENT_CERT', 'true'],
    ['HL7_DELIVERY_CLIENT_ID', 'feed-without-key'],
  ] as const) {
    it(`stops the start naming ${name} when it is ${value}`, async () => {
      const started = startServer({ env: { [name]: value }, startTimeoutMs: 30_000 });
      const error = await started.then(
        async (running) => {
          await running.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error, `started with ${name}=${value}`).to.be.instanceOf(Error);
      expect((error as Error).message).to.include(name);
    });
  }
});
