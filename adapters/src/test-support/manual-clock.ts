/**
 * A clock that moves only when a test moves it: leases and waits run out exactly when the test says,
 * never because a loaded machine was slow (no sleeping in tests).
 */
export class ManualClock {
  #ms: number;

  constructor(start: Date = new Date('2024-01-02T03:04:05Z')) {
    this.#ms = start.getTime();
  }

  /** The current time; pass it as an `options.now`. */
  readonly now = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    this.#ms += ms;
  }
}
