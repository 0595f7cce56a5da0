import Bull from 'bull';
import { BullJobWaiters } from './bull-job-waiters.js';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { PermanentJobError } from './permanent-job-error.js';
import { RetryPolicy } from './retry-policy.js';

/** Options of {@link BullJobQueue}, beyond the retry options every queue has. */
export interface BullJobQueueOptions<TData = unknown> extends JobQueueOptions<TData> {
  /** How many completed jobs Redis keeps for inspection. Default: 1000. */
  keepCompleted?: number;
  /**
   * How many failed jobs Redis keeps for inspection. Default: 1000. Bounded: Redis runs with
   * `noeviction`, so keeping every failure would end with Redis refusing writes; the record of a
   * failed message is its inbox entry, not its job.
   */
  keepFailed?: number;
  /** How long connecting to Redis may take, in milliseconds. Default: 5000. */
  connectTimeoutMs?: number;
  /** How often enqueuers still waiting look up their job's state. Default: 5000. */
  probeMs?: number;
}

/**
 * Jobs carry their data in an envelope: bull reads a string first argument of `add` as the job
 * *name* (then finds no handler for it), and an HL7v2 message is a string.
 */
interface Envelope<TData> {
  payload: TData;
}

/** Bull's own `exponential` backoff has no cap; this strategy is the shared RetryPolicy curve. */
const BACKOFF = 'capped-exponential';

/**
 * The queue over Redis with bull 4. Producers and workers may be different processes (roles
 * `api` and `worker`): instances built with the same name and Redis URL share one queue.
 */
export class BullJobQueue<TData, TResult> implements JobQueue<TData, TResult> {
  private readonly queue: Bull.Queue<Envelope<TData>>;
  private readonly policy: RetryPolicy;
  private readonly waiters: BullJobWaiters<TResult>;
  private readonly options: BullJobQueueOptions<TData>;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    redisUrl: string,
    options: BullJobQueueOptions<TData> = {},
  ) {
    this.options = options;
    const policy = (this.policy = new RetryPolicy(options));
    this.queue = new Bull<Envelope<TData>>(name, redisUrl, {
      // ioredis keeps commands while it reconnects and by default flushes them only after 20
      // retries, so an add against a dead Redis hangs for minutes. One retry makes enqueue fail
      // fast. Bull itself forces `null` on its blocking and subscriber connections, which must wait.
      redis: { maxRetriesPerRequest: 1, connectTimeout: options.connectTimeoutMs ?? 5000 },
      settings: { backoffStrategies: { [BACKOFF]: (attemptsMade: number) => policy.delayAfter(attemptsMade) } },
    });
    this.waiters = new BullJobWaiters<TResult>(this.queue, options.probeMs);
  }

  /** The result crosses Redis as JSON; a failure arrives as an Error carrying only the message. */
  async enqueue(data: TData): Promise<TResult> {
    if (this.closing) throw new Error(`job queue ${this.name} is closed`);
    const job = await this.add(data);
    return this.waiters.wait(String(job.id));
  }

  process(handler: (data: TData) => Promise<TResult>, concurrency = 1): void {
    const processing = this.queue.process(concurrency, async (job: Bull.Job<Envelope<TData>>): Promise<TResult> => {
      try {
        return await handler(job.data.payload);
      } catch (error) {
        // discard() tells bull to fail the job now, whatever attempts are left.
        if (error instanceof PermanentJobError) job.discard();
        throw error;
      }
    });
    // The promise settles only when the worker stops; bull also emits its failures as 'error'
    // events, and an unreachable Redis shows in ping().
    processing.catch(() => undefined);
  }

  async ping(): Promise<void> {
    await this.queue.client.ping();
  }

  /** Bull's close waits for the jobs this instance is running, then quits its connections. */
  close(): Promise<void> {
    this.closing ??= this.queue.close().finally(() => this.waiters.close());
    return this.closing;
  }

  private async add(data: TData): Promise<Bull.Job<Envelope<TData>>> {
    const jobId = this.options.jobKey?.(data);
    try {
      if (jobId !== undefined) await this.freeFinished(jobId);
      return await this.queue.add(
        { payload: data },
        {
          attempts: this.policy.attempts,
          backoff: { type: BACKOFF },
          removeOnComplete: this.options.keepCompleted ?? 1000,
          removeOnFail: this.options.keepFailed ?? 1000,
          // Bull adds nothing when a job of this id exists: a keyed enqueue joins the unfinished one.
          ...(jobId === undefined ? {} : { jobId }),
        },
      );
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`cannot enqueue on ${this.name}: Redis unreachable (${reason})`, { cause });
    }
  }

  /** A finished job kept for inspection still holds its id; it goes, so that a new run is added. */
  private async freeFinished(jobId: string): Promise<void> {
    const job = await this.queue.getJob(jobId);
    if (job === null) return;
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') await job.remove();
  }
}
