import type { Hl7JobQueue } from '../pipeline/hl7-job-queue.js';

interface Job {
  readonly id: string;
  failures: number;
  resolve(ack: string): void;
  reject(error: unknown): void;
}

/**
 * An in-process `Hl7JobQueue` for tests, with what the pipeline relies on in the real ones: FIFO,
 * `concurrency` jobs at a time, `attempts` tries with a backoff in between, then a rejection. `down`
 * makes enqueue fail as a queue whose Redis is unreachable does; `jobs` counts what was enqueued.
 */
export class TestQueue implements Hl7JobQueue {
  down = false;
  jobs = 0;
  private readonly waiting: Job[] = [];
  private running = 0;
  private handler: ((entryId: string) => Promise<string>) | undefined;
  private concurrency = 1;

  constructor(private readonly options: { attempts?: number; backoffMs?: number } = {}) {}

  enqueue(entryId: string): Promise<string> {
    if (this.down) return Promise.reject(new Error('queue unreachable'));
    this.jobs += 1;
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: entryId, failures: 0, resolve, reject });
      this.pump();
    });
  }

  process(handler: (entryId: string) => Promise<string>, concurrency = 1): void {
    this.handler = handler;
    this.concurrency = concurrency;
    this.pump();
  }

  private pump(): void {
    while (this.handler !== undefined && this.running < this.concurrency) {
      const job = this.waiting.shift();
      if (job === undefined) return;
      this.running += 1;
      void this.run(this.handler, job).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(handler: (entryId: string) => Promise<string>, job: Job): Promise<void> {
    try {
      job.resolve(await handler(job.id));
    } catch (error) {
      job.failures += 1;
      if (job.failures >= (this.options.attempts ?? 5)) return job.reject(error);
      setTimeout(() => {
        this.waiting.push(job);
        this.pump();
      }, this.options.backoffMs ?? 5);
    }
  }
}
