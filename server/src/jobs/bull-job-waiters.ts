import type Bull from 'bull';

interface Waiter<TResult> {
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

/**
 * The enqueuers waiting for their jobs' results, over one listener pair for the whole queue. Bull's
 * own `job.finished()` adds a listener pair and a watchdog timer per call that live until the job
 * is found finished; a job Redis lost (restart without persistence) never is, so every enqueue
 * of such a job leaked them. Here a probe every `probeMs` settles what the events missed (pub/sub
 * is not replayed after a reconnect) and rejects jobs that are gone, so the waiters stay bounded.
 */
export class BullJobWaiters<TResult> {
  private readonly waiting = new Map<string, Array<Waiter<TResult>>>();
  private readonly timer: NodeJS.Timeout;
  private probing = false;

  constructor(
    private readonly queue: Bull.Queue,
    probeMs = 5000,
  ) {
    queue.on('global:completed', (jobId: string, result: string) => this.settle(String(jobId), parseResult(result)));
    queue.on('global:failed', (jobId: string, reason: string) => this.fail(String(jobId), new Error(reason)));
    this.timer = setInterval(() => void this.probeAll(), probeMs);
    this.timer.unref();
  }

  /** The job's result; checks its state at once, as it may have finished before anyone listened. */
  wait(jobId: string): Promise<TResult> {
    const result = new Promise<TResult>((resolve, reject) => {
      const waiters = this.waiting.get(jobId) ?? [];
      waiters.push({ resolve, reject });
      this.waiting.set(jobId, waiters);
    });
    void this.probe(jobId);
    return result;
  }

  /** How many jobs have someone waiting (for tests and gauges). */
  get size(): number {
    return this.waiting.size;
  }

  close(): void {
    clearInterval(this.timer);
    for (const id of [...this.waiting.keys()]) this.fail(id, new Error('job queue closed before the job finished'));
  }

  private async probeAll(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      for (const id of [...this.waiting.keys()]) await this.probe(id);
    } finally {
      this.probing = false;
    }
  }

  private async probe(jobId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(jobId);
      if (job === null) return this.fail(jobId, new Error(`job ${jobId} is gone from Redis`));
      const state = await job.getState();
      if (state === 'completed') this.settle(jobId, job.returnvalue as TResult);
      else if (state === 'failed') this.fail(jobId, new Error(job.failedReason ?? 'job failed'));
    } catch {
      // Redis unreachable: the next probe asks again.
    }
  }

  private settle(jobId: string, result: TResult): void {
    this.take(jobId).forEach((waiter) => waiter.resolve(result));
  }

  private fail(jobId: string, error: Error): void {
    this.take(jobId).forEach((waiter) => waiter.reject(error));
  }

  private take(jobId: string): Array<Waiter<TResult>> {
    const waiters = this.waiting.get(jobId) ?? [];
    this.waiting.delete(jobId);
    return waiters;
  }
}

/** A completed event carries the handler's result as JSON. */
function parseResult<TResult>(text: string): TResult {
  try {
    return JSON.parse(text) as TResult;
  } catch {
    return undefined as TResult;
  }
}
