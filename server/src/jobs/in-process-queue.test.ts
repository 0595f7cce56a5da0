import { expect } from 'chai';
import { InProcessJobQueue } from './in-process-queue.js';
import { describeJobQueueContract } from './job-queue.contract.js';

describeJobQueueContract('InProcessJobQueue', async (options) => {
  const queue = new InProcessJobQueue<number, number>(options);
  return { producer: queue, worker: queue, dispose: () => queue.close() };
});

describe('InProcessJobQueue', () => {
  it('rejects jobs that had not run when it closed', async () => {
    const queue = new InProcessJobQueue<number, number>();
    const pending = queue.enqueue(1);
    await queue.close();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).with.property('message', 'job queue closed before the job ran');
  });

  it('answers ping until closed', async () => {
    const queue = new InProcessJobQueue<number, number>();
    await queue.ping();
    await queue.close();
    expect(
      await queue.ping().then(
        () => undefined,
        (e: unknown) => e,
      ),
    ).to.be.instanceOf(Error);
  });
});
