/**
 * The queue port: work handed from one part of NexusHealth (an HL7v2 ingest, a bulk import) to a
 * worker, possibly in another process (role `worker`, see DESIGN.md "Running"). `main.ts` picks
 * the implementation: `BullJobQueue` when `REDIS_URL` is set, `InProcessJobQueue` otherwise.
 *
 * Data and results must survive `JSON.stringify`, because a Redis-backed queue carries them
 * between processes; so must a failure's message, which is all that crosses back.
 */
export interface JobQueue<TData, TResult> {
  /**
   * Adds a job and resolves with the handler's result once a worker finished it. Rejects with
   * the last error once the attempts are spent, at once for a `PermanentJobError`, and when the
   * queue is closed or its backend unreachable, or when the job is gone from the backend (Redis
   * lost its data): nobody waits forever.
   */
  enqueue(data: TData): Promise<TResult>;
  /** Registers the one handler of this queue, running at most `concurrency` jobs at a time (default 1). */
  process(handler: (data: TData) => Promise<TResult>, concurrency?: number): void;
  /** Resolves when the queue's backend answers; `/readyz` uses it. */
  ping(): Promise<void>;
  /** Drains: takes no new jobs, waits for the running ones, then releases its connections. */
  close(): Promise<void>;
}

/** How failing jobs are retried; both implementations read the same options. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default: 5. */
  attempts?: number;
  /** Base of the exponential backoff between attempts, in milliseconds. Default: 500. */
  backoffMs?: number;
  /** Longest pause between two attempts, in milliseconds. Default: 60 000. */
  maxBackoffMs?: number;
}

/** The options both implementations take: retries, and which jobs are one. */
export interface JobQueueOptions<TData = unknown> extends RetryOptions {
  /**
   * The job's identity: a job enqueued while one with the same key is waiting, backing off or
   * running joins it (one run, both enqueuers get its result) instead of adding a second one. Once
   * that job has finished the key is free again (a replay runs anew). Default: every job is new.
   */
  jobKey?: (data: TData) => string;
}
