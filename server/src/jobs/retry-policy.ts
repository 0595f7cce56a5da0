import type { JobQueueOptions } from './job-queue.js';

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 500;

/** The retry options with their defaults applied, and the backoff curve both queues share. */
export class RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;

  constructor(options: JobQueueOptions = {}) {
    this.attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    if (!Number.isInteger(this.attempts) || this.attempts < 1)
      throw new RangeError('attempts must be a positive integer');
    if (!(this.backoffMs >= 0)) throw new RangeError('backoffMs must not be negative');
  }

  /**
   * The pause after `failures` failed attempts: backoffMs × (2^failures − 1), i.e. 1×, 3×, 7×…
   * It is the curve of bull's built-in `exponential` backoff, so both queues behave alike.
   */
  delayAfter(failures: number): number {
    return Math.round((2 ** failures - 1) * this.backoffMs);
  }
}
