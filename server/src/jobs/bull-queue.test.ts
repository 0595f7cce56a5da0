import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import Bull from 'bull';
import { expect } from 'chai';
import { BullJobQueue } from './bull-queue.js';
import { describeJobQueueContract } from './job-queue.contract.js';

const redisUrl = process.env['TEST_REDIS_URL'];

describe('BullJobQueue on Redis', function () {
  before(function () {
    if (redisUrl) return;
    // CI must never skip an integration test silently.
    if (process.env['CI']) throw new Error('TEST_REDIS_URL is not set; CI must run the Redis tests');
    console.warn('      BullJobQueue skipped: TEST_REDIS_URL is not set; run via npm test to start Redis');
    this.skip();
  });

  // Two instances per test, as an api process and a worker process would have: one only
  // enqueues, the other only processes. Each test gets its own queue name.
  describeJobQueueContract('BullJobQueue', async (options) => {
    const url = redisUrl ?? '';
    const name = `test-${randomUUID()}`;
    const producer = new BullJobQueue<number, number>(name, url, options);
    const worker = new BullJobQueue<number, number>(name, url, options);
    const dispose = async (): Promise<void> => {
      await Promise.all([worker.close(), producer.close()]);
      const admin = new Bull(name, url);
      await admin.obliterate({ force: true });
      await admin.close();
    };
    return { producer, worker, dispose };
  });

  it('carries string data (an HL7v2 message) as data, not as the job name', async () => {
    const name = `test-${randomUUID()}`;
    const queue = new BullJobQueue<string, string>(name, redisUrl ?? '');
    queue.process(async (message) => `ACK for ${message.slice(0, 3)}`);
    expect(await queue.enqueue('MSH|^~\\&|A')).to.equal('ACK for MSH');
    await queue.close();
    const admin = new Bull(name, redisUrl ?? '');
    await admin.obliterate({ force: true });
    await admin.close();
  });

  it('answers ping', async () => {
    const queue = new BullJobQueue<number, number>(`test-${randomUUID()}`, redisUrl ?? '');
    await queue.ping();
    await queue.close();
  });
});

describe('BullJobQueue without Redis', () => {
  it('rejects enqueue and ping promptly with a clear error, and still closes', async () => {
    const queue = new BullJobQueue<number, number>(`test-${randomUUID()}`, `redis://127.0.0.1:${await unusedPort()}`);
    const started = Date.now();
    const error = await queue.enqueue(1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/^cannot enqueue on test-.*: Redis unreachable/);
    expect(
      await queue.ping().then(
        () => undefined,
        (e: unknown) => e,
      ),
    ).to.be.instanceOf(Error);
    expect(Date.now() - started).to.be.below(1500);
    await queue.close();
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
