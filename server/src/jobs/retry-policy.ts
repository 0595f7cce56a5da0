import type { RetryOptions } from './job-queue.js';

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_MAX_BACKOFF_MS = 60_000;

/** The retry options with their defaults applied, and the backoff curve both queues share. */
export class RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;

  constructor(options: RetryOptions = {}) {
    this.attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    if (!Number.isInteger(this.attempts) || this.attempts < 1)
      throw new RangeError('attempts must be a positive integer');
    if (!(this.backoffMs >= 0)) throw new RangeError('backoffMs must not be negative');
    if (!(this.maxBackoffMs >= 0)) throw new RangeError('maxBackoffMs must not be negative');
  }

  /**
   * The pause after `failures` failed attempts: backoffMs × (2^failures − 1), i.e. 1×, 3×, 7×…,
   * capped at maxBackoffMs so that many attempts spread over a long outage instead of waiting
   * hours for the last ones. Both queues use this one curve (bull through a custom strategy).
   */
  delayAfter(failures: number): number {
    return Math.min(this.maxBackoffMs, Math.round((2 ** failures - 1) * this.backoffMs));
  }

  /** The time all attempts take when every one fails at once: the outage they ride out. */
  budgetMs(): number {
    let total = 0;
    for (let failures = 1; failures < this.attempts; failures += 1) total += this.delayAfter(failures);
    return total;
  }
}
