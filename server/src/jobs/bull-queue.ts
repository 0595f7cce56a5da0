import Bull from 'bull';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { PermanentJobError } from './permanent-job-error.js';
import { RetryPolicy } from './retry-policy.js';

/** Options of {@link BullJobQueue}, beyond the retry options every queue has. */
export interface BullJobQueueOptions extends JobQueueOptions {
  /** How many completed jobs Redis keeps for inspection. Default: 1000. Failed jobs are all kept. */
  keepCompleted?: number;
  /** How long connecting to Redis may take, in milliseconds. Default: 5000. */
  connectTimeoutMs?: number;
}

/**
 * Jobs carry their data in an envelope: bull reads a string first argument of `add` as the job
 * *name* (then finds no handler for it), and an HL7v2 message is a string.
 */
interface Envelope<TData> {
  payload: TData;
}

/**
 * The queue over Redis with bull 4. Producers and workers may be different processes (roles
 * `api` and `worker`): instances built with the same name and Redis URL share one queue.
 */
export class BullJobQueue<TData, TResult> implements JobQueue<TData, TResult> {
  private readonly queue: Bull.Queue<Envelope<TData>>;
  private readonly policy: RetryPolicy;
  private readonly keepCompleted: number;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    redisUrl: string,
    options: BullJobQueueOptions = {},
  ) {
    this.policy = new RetryPolicy(options);
    this.keepCompleted = options.keepCompleted ?? 1000;
    this.queue = new Bull<Envelope<TData>>(name, redisUrl, {
      // ioredis keeps commands while it reconnects and by default flushes them only after 20
      // retries, so an add against a dead Redis hangs for minutes. One retry makes enqueue fail
      // fast. Bull itself forces `null` on its blocking and subscriber connections, which must wait.
      redis: { maxRetriesPerRequest: 1, connectTimeout: options.connectTimeoutMs ?? 5000 },
    });
  }

  /** The result crosses Redis as JSON; a failure arrives as an Error carrying only the message. */
  async enqueue(data: TData): Promise<TResult> {
    if (this.closing) throw new Error(`job queue ${this.name} is closed`);
    const job = await this.add(data);
    const result: TResult = await job.finished();
    return result;
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
    this.closing ??= this.queue.close();
    return this.closing;
  }

  private async add(data: TData): Promise<Bull.Job<Envelope<TData>>> {
    try {
      return await this.queue.add(
        { payload: data },
        {
          attempts: this.policy.attempts,
          backoff: { type: 'exponential', delay: this.policy.backoffMs },
          removeOnComplete: this.keepCompleted,
          removeOnFail: false,
        },
      );
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`cannot enqueue on ${this.name}: Redis unreachable (${reason})`, { cause });
    }
  }
}
