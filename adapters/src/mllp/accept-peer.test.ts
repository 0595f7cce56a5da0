import { connect } from 'node:net';
import { expect } from 'chai';
import { encodeMllpFrame } from './frame.js';
import { MllpServer, type MllpRefusal } from './server.js';

/**
 * Sends one frame from `localAddress` and resolves with what came back: the answer frame (the
 * connection is then dropped by the test) or '' when the server closed the connection unanswered.
 */
function sendFrom(port: number, host: string, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ port, host, localAddress }, () => socket.write(encodeMllpFrame('MSH|^~\\&|PHI')));
    const timer = setTimeout(() => reject(new Error(`no answer and no close for ${localAddress}`)), 3000);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.endsWith('\x1c\r')) socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe('MllpServer acceptPeer (IHE ITI TF-2 §3.19 ATNA: a secure node accepts known nodes only)', () => {
  let server: MllpServer;
  let handled: string[];
  let refusals: MllpRefusal[];
  let asked: string[];
  const start = async (allowed: string, host = '127.0.0.1'): Promise<number> => {
    [handled, refusals, asked] = [[], [], []];
    server = new MllpServer(
      async (payload) => {
        handled.push(payload.toString('latin1'));
        return 'ACK';
      },
      {
        acceptPeer: (address) => asked.push(address) > 0 && address === allowed,
        onRefused: (refusal) => refusals.push(refusal),
      },
    );
    return server.listen(0, host);
  };
  afterEach(() => server.close());

  it('closes a connection from a peer not accepted at once: no ACK, the handler never sees the message, the refusal reported with the address only', async () => {
    const port = await start('127.0.0.1');
    expect(await sendFrom(port, '127.0.0.1', '127.0.0.2')).to.equal('');
    expect(handled).to.deep.equal([]);
    expect(refusals).to.deep.equal([{ reason: 'peer-not-allowed', address: '127.0.0.2' }]);
    expect(await sendFrom(port, '127.0.0.1', '127.0.0.1')).to.equal('\x0bACK\x1c\r');
    expect(handled).to.have.length(1);
    expect(asked).to.deep.equal(['127.0.0.2', '127.0.0.1']);
  });

  it('asks about the address as the socket has it: IPv4-mapped on a dual-stack listener, IPv6', async () => {
    const port = await start('::ffff:127.0.0.1', '::');
    expect(await sendFrom(port, '127.0.0.1', '127.0.0.1')).to.equal('\x0bACK\x1c\r');
    expect(await sendFrom(port, '::1', '::1')).to.equal('');
    expect(refusals).to.deep.equal([{ reason: 'peer-not-allowed', address: '::1' }]);
  });
});
