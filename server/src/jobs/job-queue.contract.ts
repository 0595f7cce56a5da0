import { expect } from 'chai';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { PermanentJobError } from './permanent-job-error.js';

/** A producer and a worker on one queue (the same object for an in-process queue). */
export interface QueuePair {
  producer: JobQueue<number, number>;
  worker: JobQueue<number, number>;
  /** Closes both and removes whatever the queue left in its backend. */
  dispose(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/**
 * The behaviour every JobQueue must have; each implementation's test calls this with a factory
 * that builds a fresh, isolated pair per test.
 */
export function describeJobQueueContract(
  label: string,
  makePair: (options: JobQueueOptions) => Promise<QueuePair>,
): void {
  describe(`${label} (JobQueue contract)`, function () {
    this.timeout(10_000);
    let pair: QueuePair | undefined;
    const open = async (options: JobQueueOptions = {}): Promise<QueuePair> =>
      (pair = await makePair({ backoffMs: 10, ...options }));

    afterEach(async () => {
      await pair?.dispose();
      pair = undefined;
    });

    it("delivers the handler's result to the enqueuer, also when the processor comes later", async () => {
      const { producer, worker } = await open();
      const result = producer.enqueue(21);
      await sleep(50);
      worker.process(async (n) => n * 2);
      expect(await result).to.equal(42);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const { producer, worker } = await open({ attempts: 3 });
      let calls = 0;
      worker.process(async (n) => {
        calls += 1;
        if (calls < 3) throw new Error(`transient ${calls}`);
        return n + 1;
      });
      expect(await producer.enqueue(1)).to.equal(2);
      expect(calls).to.equal(3);
    });

    it('fails a PermanentJobError at once, without retrying', async () => {
      const { producer, worker } = await open({ attempts: 5 });
      let calls = 0;
      worker.process(async () => {
        calls += 1;
        throw new PermanentJobError('cannot map this message');
      });
      const error = await failure(producer.enqueue(1));
      expect(error).to.be.instanceOf(Error).with.property('message', 'cannot map this message');
      await sleep(100);
      expect(calls).to.equal(1);
    });

    it('rejects with the last error once the attempts are spent', async () => {
      const { producer, worker } = await open({ attempts: 3 });
      let calls = 0;
      worker.process(async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      });
      const error = await failure(producer.enqueue(1));
      expect(error).to.be.instanceOf(Error).with.property('message', 'failure 3');
      expect(calls).to.equal(3);
    });

    it('runs no more jobs at once than the concurrency allows', async () => {
      const { producer, worker } = await open();
      let active = 0;
      let peak = 0;
      worker.process(async (n) => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(40);
        active -= 1;
        return n;
      }, 2);
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => producer.enqueue(n)));
      expect(results).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(peak).to.equal(2);
    });

    it('runs a keyed job once while it is unfinished, and anew once it has finished', async () => {
      const { producer, worker } = await open({ jobKey: (n) => `job-${String(n)}` });
      const queued = [producer.enqueue(1), producer.enqueue(1)];
      let calls = 0;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      worker.process(async (n) => {
        calls += 1;
        started();
        await gate;
        return n * 10 + calls;
      });
      await running;
      queued.push(producer.enqueue(1));
      await sleep(50);
      release();
      expect(await Promise.all(queued)).to.deep.equal([11, 11, 11]);
      expect(calls).to.equal(1);
      expect(await producer.enqueue(1)).to.equal(12);
    });

    it('drains on close: waits for the running job, then takes no more', async () => {
      const { producer, worker } = await open();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      worker.process(async (n) => {
        started();
        await gate;
        return n * 10;
      });
      const result = producer.enqueue(7);
      await running;
      let closed = false;
      const closing = worker.close().then(() => (closed = true));
      await sleep(50);
      expect(closed).to.equal(false);
      release();
      await closing;
      expect(await result).to.equal(70);
      await producer.close();
      expect(await failure(producer.enqueue(8))).to.be.instanceOf(Error);
    });
  });
}
