/** Shortest period between sweeps, whatever `recoverAfterMs` is (0 included). */
const MIN_PERIOD_MS = 250;

/**
 * Runs recovery every `recoverAfterMs / 2` while the store is open, so the unit of a process that
 * crashed is rolled back even when no process restarts (the sweep in `init()` only covers a
 * restart). One sweep at a time; a failed sweep leaves its journals for the next one (the store
 * has no logger, and the journal itself is the record of what is left to do).
 */
export class PeriodicRecovery {
  readonly #timer: NodeJS.Timeout;
  #running: Promise<void> | undefined;

  constructor(recover: () => Promise<void>, recoverAfterMs: number) {
    const periodMs = Math.max(MIN_PERIOD_MS, Math.floor(recoverAfterMs / 2));
    this.#timer = setInterval(() => {
      this.#running ??= recover()
        .catch(() => undefined)
        .finally(() => (this.#running = undefined));
    }, periodMs).unref();
  }

  /** Stops the sweeps and waits for one under way, so `close()` never cuts a rollback short. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
