import type { AuditEvent } from '@medplum/fhirtypes';
import { connect } from 'node:net';
import { expect } from 'chai';
import { encodeMllpFrame, type MllpServer } from '@nexushealth/adapters';
import { bundle } from '../api/http-call.js';
import { startTestServer, type TestServer } from '../api/test-server.js';
import { parseHl7Settings } from '../hl7-settings.js';
import { startMllpListener } from './mllp-listener.js';

/** Sends one frame from `localAddress`; resolves with what came back before the connection closed. */
function sendFrom(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () =>
      socket.write(
        encodeMllpFrame('MSH|^~\\&|LAB|NORTH|NH|NH|20260101||ADT^A08|C1|P|2.5.1\rPID|1||123^^^NORTH||SECRET^NAME\r'),
      ),
    );
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      socket.destroy();
    });
    socket.on('close', () => resolve(answer));
  });
}

/** IHE ITI TF-2 §3.19 (ATNA secure node): only known nodes connect, and a refusal leaves an audit record. */
describe('MLLP listener: MLLP_ALLOWED_PEERS refusals logged and audited (BALP security alert)', () => {
  let server: TestServer;
  let mllp: MllpServer;
  let port: number;
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger = {
    info: () => undefined,
    warn: (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields }),
    error: (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields }),
  };

  before(async () => {
    server = await startTestServer();
    ({ server: mllp, port } = await startMllpListener({
      settings: parseHl7Settings({ MLLP_ALLOWED_PEERS: '127.0.0.1' }),
      host: '127.0.0.1',
      port: 0,
      receive: async () => 'MSH|^~\\&|NH\rMSA|AA|C1\r',
      logger,
      audit: (input) => server.app.engine.auditSecurity(input),
    }));
  });
  after(async () => {
    await mllp.close();
    await server.close();
  });

  it('a peer not listed gets no ACK; one log line names its address and reason, nothing of the message', async () => {
    expect(await sendFrom(port, '127.0.0.2')).to.equal('');
    const refused = lines.filter((line) => line.message === 'MLLP connection refused');
    expect(refused).to.deep.equal([
      { message: 'MLLP connection refused', fields: { reason: 'peer-not-allowed', address: '127.0.0.2' } },
    ]);
    expect(JSON.stringify(lines)).to.not.include('SECRET');
    expect(await sendFrom(port, '127.0.0.1')).to.include('MSA|AA|C1');
  });

  it('the refusal is an AuditEvent: security alert, outcome minor failure, the peer address as agent network', async () => {
    let event: AuditEvent | undefined;
    for (let i = 0; i < 50 && event === undefined; i += 1) {
      const found = await bundle(server, 'AuditEvent?_count=1000');
      event = (found.entry ?? [])
        .map((e) => e.resource as AuditEvent)
        .find((e) => e.outcomeDesc?.startsWith('MLLP connection refused'));
      if (event === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(event?.outcomeDesc).to.equal('MLLP connection refused: peer-not-allowed');
    expect(event?.type?.code).to.equal('110113');
    expect(event?.outcome).to.equal('4');
    expect(event?.agent.some((agent) => agent.network?.address === '127.0.0.2')).to.equal(true);
  });
});
