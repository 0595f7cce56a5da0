import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Bull from 'bull';
import { expect } from 'chai';
import { BullJobQueue, type BullJobQueueOptions } from './bull-queue.js';
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

  const withQueue = async (
    options: BullJobQueueOptions<number>,
    use: (queue: BullJobQueue<number, number>, admin: Bull.Queue) => Promise<void>,
  ): Promise<void> => {
    const name = `test-${randomUUID()}`;
    const queue = new BullJobQueue<number, number>(name, redisUrl ?? '', options);
    const admin = new Bull(name, redisUrl ?? '');
    try {
      await use(queue, admin);
    } finally {
      await queue.close();
      await admin.obliterate({ force: true });
      await admin.close();
    }
  };

  it('keeps a bounded number of failed jobs (Redis runs noeviction; the inbox is the record)', async () => {
    await withQueue({ attempts: 1, keepFailed: 2 }, async (queue, admin) => {
      queue.process(async () => {
        throw new Error('sink down');
      });
      const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => queue.enqueue(n)));
      expect(outcomes.every((o) => o.status === 'rejected')).to.equal(true);
      expect(await admin.getFailedCount()).to.be.at.most(2);
    });
  });

  it('adds one job per key however often it is enqueued (the sweepers of every worker)', async () => {
    await withQueue({ jobKey: (n) => `entry-${n}` }, async (queue, admin) => {
      const waiting = [1, 1, 1, 2, 1].map((n) => queue.enqueue(n));
      await sleep(300);
      expect(await admin.getWaitingCount()).to.equal(2);
      queue.process(async (n) => n);
      expect(await Promise.all(waiting)).to.deep.equal([1, 1, 1, 2, 1]);
    });
  });

  it('rejects the enqueuer of a job Redis lost instead of waiting forever', async () => {
    await withQueue({ probeMs: 50, jobKey: (n) => `entry-${n}` }, async (queue, admin) => {
      const pending = queue.enqueue(7);
      let job = await admin.getJob('entry-7');
      for (; job === null; job = await admin.getJob('entry-7')) await sleep(20);
      await job.remove();
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error).with.property('message', 'job entry-7 is gone from Redis');
    });
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
