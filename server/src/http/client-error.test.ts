import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { answerClientError } from './client-error.js';

/** Sends raw bytes and collects everything the server answers until it closes. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerClientError (requests Node cannot parse)', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((_req, res) => res.end('ok'));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a URL over the header limit is a 431 OperationOutcome', async () => {
    const answer = await exchange(port, `GET /fhir/Patient?name=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(answer).to.match(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).resourceType).to.equal('OperationOutcome');
  });

  it('a malformed request line is a 400 OperationOutcome', async () => {
    const answer = await exchange(port, 'NOT A REQUEST\r\n\r\n');
    expect(answer).to.match(/^HTTP\/1\.1 400 /);
    expect(answer).to.contain('"code":"structure"');
  });
});
