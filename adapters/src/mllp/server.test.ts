import { connect } from 'node:net';
import { expect } from 'chai';
import { MllpClient } from './client.js';
import { encodeMllpFrame } from './frame.js';
import { MllpServer } from './server.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('MllpServer over real sockets', () => {
  let server: MllpServer;
  let client: MllpClient;
  let port: number;
  let received: string[];

  beforeEach(async () => {
    received = [];
    // Answers "ACK:<payload>", slower for earlier messages, so order is only kept if the server keeps it.
    server = new MllpServer(
      async (payload) => {
        const raw = payload.toString('utf8');
        received.push(raw);
        await delay(Math.max(0, 20 - received.length * 2));
        if (raw === 'fail') throw new Error('sink down');
        if (raw === 'quiet') return undefined;
        return `ACK:${raw}`;
      },
      { maxFrameBytes: 64 * 1024 },
    );
    port = await server.listen(0);
    client = new MllpClient(port, '127.0.0.1', { timeoutMs: 2000 });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('answers a message', async () => {
    expect(await client.send('MSH|^~\\&|A|é')).to.equal('ACK:MSH|^~\\&|A|é');
  });

  it('reassembles a frame sent byte by byte', async () => {
    const reply = client.nextReply();
    for (const byte of encodeMllpFrame('split')) await client.sendBytes(Buffer.of(byte));
    expect(await reply).to.equal('ACK:split');
  });

  it('answers two frames written at once, in order', async () => {
    const replies = [client.nextReply(), client.nextReply()];
    await client.sendBytes(Buffer.concat([encodeMllpFrame('first'), encodeMllpFrame('second')]));
    expect(await Promise.all(replies)).to.deep.equal(['ACK:first', 'ACK:second']);
  });

  it('keeps many messages on one connection in order', async () => {
    const sent = Array.from({ length: 25 }, (_, i) => `m${i}`);
    expect(await Promise.all(sent.map((m) => client.send(m)))).to.deep.equal(sent.map((m) => `ACK:${m}`));
  });

  it('answers a failing handler with a bare AR and keeps the connection', async () => {
    const ar = await client.send('fail');
    expect(ar)
      .to.match(/^MSH\|/)
      .and.contain('\rMSA|AR|\r')
      .and.not.contain('sink down');
    expect(await client.send('after')).to.equal('ACK:after');
  });

  it('sends nothing when the handler has no answer (MSH-15 NE), and answers the next message', async () => {
    const reply = client.nextReply();
    await client.sendBytes(Buffer.concat([encodeMllpFrame('quiet'), encodeMllpFrame('loud')]));
    expect(await reply).to.equal('ACK:loud');
  });

  it('answers an oversize message AR 102 with MSA-2 = its MSH-10 and closes the connection (§2.9.2)', async () => {
    const reply = client.nextReply();
    const msh = 'MSH|^~\\&|APP|FAC|NEXUS|NH|20260101120000||ORU^R01^ORU_R01|BIG-1|P|2.5.1\rOBX|1|ED|X||';
    await client.sendBytes(Buffer.concat([Buffer.of(0x0b), Buffer.from(msh), Buffer.alloc(64 * 1024, 0x41)]));
    expect(await reply)
      .to.contain('MSA|AR|BIG-1')
      .and.contain('|102^')
      .and.not.contain('207');
    await delay(20);
    expect(await client.send('reconnected')).to.equal('ACK:reconnected');
  });

  it('answers an oversize frame with AR and closes the connection', async () => {
    const reply = client.nextReply();
    await client.sendBytes(Buffer.concat([Buffer.of(0x0b), Buffer.alloc(64 * 1024 + 1, 0x41)]));
    expect(await reply)
      .to.contain('MSA|AR|')
      .and.contain('limit of 65536 bytes');
    await delay(20);
    expect(await client.send('reconnected')).to.equal('ACK:reconnected');
  });

  it('answers 100 messages sent in one write, in order, reading on as it catches up (backpressure)', async () => {
    const socket = connect(port, '127.0.0.1');
    const frames = Array.from({ length: 100 }, (_, i) => encodeMllpFrame(`m${i}`));
    let answered = '';
    const done = new Promise<void>((resolve) => {
      socket.on('data', (chunk) => {
        answered += chunk.toString('utf8');
        if (answered.split('\x1c\r').length > 100) resolve();
      });
    });
    socket.write(Buffer.concat(frames));
    await done;
    const acks = answered
      .split('\x1c\r')
      .filter(Boolean)
      .map((frame) => frame.replace('\x0b', ''));
    expect(acks).to.deep.equal(Array.from({ length: 100 }, (_, i) => `ACK:m${i}`));
    socket.destroy();
  });

  it('closes a connection that stays idle past idleTimeoutMs', async () => {
    const idle = new MllpServer(async (payload) => payload, { idleTimeoutMs: 50 });
    const idlePort = await idle.listen(0);
    const socket = connect(idlePort, '127.0.0.1');
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
    });
    socket.resume();
    expect(await closed).to.be.below(2000);
    await idle.close();
  });

  it('closes gracefully: a message in flight is still answered', async () => {
    const reply = client.send('in flight');
    // Close once the server holds the message (a fixed delay raced on a loaded machine).
    while (!received.includes('in flight')) await delay(1);
    await server.close();
    expect(await reply).to.equal('ACK:in flight');
    server = new MllpServer(async (payload) => payload);
    await server.listen(0);
  });
});
