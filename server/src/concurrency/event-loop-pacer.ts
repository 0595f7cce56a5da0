import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest run of work between two turns of the event loop. */
const SLICE_MS = 20;

/**
 * Long work (thousands of Bundle entries, a reindex, a large unit in the memory store) runs on
 * the one event loop that answers every other request: over the memory store each `await`
 * resolves at once, so a 10,000-entry transaction would hold the loop for seconds and /healthz
 * (liveness probes) and reads would wait. `pace()` gives the loop a turn once SLICE_MS of work
 * has run since the last one.
 */
export class EventLoopPacer {
  #since = performance.now();

  async pace(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await nextTurn();
    this.#since = performance.now();
  }

  /** `each` over `items` in order, the results in order. */
  async map<T, R>(items: readonly T[], each: (item: T, index: number) => R | Promise<R>): Promise<R[]> {
    const results: R[] = [];
    await this.forEach(items, async (item, index) => results.push(await each(item, index)));
    return results;
  }

  /** `each` over `items`, one at a time, pacing between them. */
  async forEach<T>(items: Iterable<T>, each: (item: T, index: number) => unknown): Promise<void> {
    let index = 0;
    for (const item of items) {
      await each(item, index++);
      await this.pace();
    }
  }
}
