import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { PermanentJobError } from './permanent-job-error.js';
import { RetryPolicy } from './retry-policy.js';

interface Waiter<TResult> {
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

interface PendingJob<TData, TResult> {
  data: TData;
  key: string | undefined;
  failures: number;
  /** Everyone who enqueued this job (more than one when keyed enqueues joined it). */
  waiters: Array<Waiter<TResult>>;
}

/**
 * The queue without Redis, for a single process (DESIGN.md "Running": no `REDIS_URL`). Jobs live
 * in memory, so close() rejects the ones that have not run yet: nobody else would run them.
 */
export class InProcessJobQueue<TData, TResult> implements JobQueue<TData, TResult> {
  private readonly policy: RetryPolicy;
  private readonly jobKey: ((data: TData) => string) | undefined;
  private readonly waiting: Array<PendingJob<TData, TResult>> = [];
  private readonly backingOff = new Map<PendingJob<TData, TResult>, NodeJS.Timeout>();
  /** Unfinished keyed jobs (waiting, backing off or running) by key. */
  private readonly byKey = new Map<string, PendingJob<TData, TResult>>();
  private readonly running = new Set<Promise<void>>();
  private handler: ((data: TData) => Promise<TResult>) | undefined;
  private concurrency = 1;
  private closed = false;

  constructor(options: JobQueueOptions<TData> = {}) {
    this.policy = new RetryPolicy(options);
    this.jobKey = options.jobKey;
  }

  /** Waits, when no processor is registered yet, until one is. */
  enqueue(data: TData): Promise<TResult> {
    if (this.closed) return Promise.reject(new Error('job queue is closed'));
    return new Promise((resolve, reject) => {
      const key = this.jobKey?.(data);
      const unfinished = key === undefined ? undefined : this.byKey.get(key);
      if (unfinished) {
        unfinished.waiters.push({ resolve, reject });
        return;
      }
      const job = { data, key, failures: 0, waiters: [{ resolve, reject }] };
      if (key !== undefined) this.byKey.set(key, job);
      this.waiting.push(job);
      this.pump();
    });
  }

  process(handler: (data: TData) => Promise<TResult>, concurrency = 1): void {
    if (this.handler) throw new Error('this queue already has a processor');
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError('concurrency must be a positive integer');
    this.handler = handler;
    this.concurrency = concurrency;
    this.pump();
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('job queue is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    const unfinished = new Error('job queue closed before the job ran');
    for (const [job, timer] of this.backingOff) {
      clearTimeout(timer);
      this.settle(job, (waiter) => waiter.reject(unfinished));
    }
    this.backingOff.clear();
    for (const job of this.waiting.splice(0)) this.settle(job, (waiter) => waiter.reject(unfinished));
    await Promise.all(this.running);
  }

  private pump(): void {
    while (this.handler && !this.closed && this.running.size < this.concurrency) {
      const job = this.waiting.shift();
      if (!job) return;
      const run: Promise<void> = this.run(this.handler, job).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(handler: (data: TData) => Promise<TResult>, job: PendingJob<TData, TResult>): Promise<void> {
    try {
      const result = await handler(job.data);
      this.settle(job, (waiter) => waiter.resolve(result));
    } catch (error) {
      this.failed(job, error);
    }
  }

  private failed(job: PendingJob<TData, TResult>, error: unknown): void {
    job.failures += 1;
    if (error instanceof PermanentJobError || job.failures >= this.policy.attempts || this.closed) {
      this.settle(job, (waiter) => waiter.reject(error));
      return;
    }
    const timer = setTimeout(() => {
      this.backingOff.delete(job);
      this.waiting.push(job);
      this.pump();
    }, this.policy.delayAfter(job.failures));
    this.backingOff.set(job, timer);
  }

  /** The job is over: its key is free for a new job, and everyone who waited for it is told. */
  private settle(job: PendingJob<TData, TResult>, tell: (waiter: Waiter<TResult>) => void): void {
    if (job.key !== undefined) this.byKey.delete(job.key);
    job.waiters.splice(0).forEach(tell);
  }
}
