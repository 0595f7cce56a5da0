import type { ResourceStore } from './port.js';

/**
 * What a cache of stored resources (live SearchParameters, live definitions) needs to follow the
 * store: a stamp of the newest version of its types in history (one cheap read per type), a
 * throttle for the periodic check, and one reload at a time. Reloads are queued, never run side
 * by side: an older reload finishing last would otherwise put stale content in force under the
 * newer stamp, and nothing would reload it again.
 */
export class FollowedTypes {
  #stamp: string | undefined;
  #checkedAt = -Infinity;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ResourceStore,
    private readonly types: readonly string[],
    private readonly checkEveryMs: number,
  ) {}

  /** Whether the periodic check is due at `now` (at most every `checkEveryMs`); counts it as made. */
  due(now: number): boolean {
    if (now - this.#checkedAt < this.checkEveryMs) return false;
    this.#checkedAt = now;
    return true;
  }

  /** Runs `reload` after the reloads queued before, when the stamp changed since the last one. */
  refresh(reload: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      const stamp = await this.#newestStamp();
      if (stamp === this.#stamp) return;
      await reload();
      this.#stamp = stamp;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #newestStamp(): Promise<string> {
    const newest = await Promise.all(
      this.types.map((resourceType) => this.store.history({ resourceType, offset: 0, count: 1 })),
    );
    return newest.map(({ records: [r] }) => (r ? `${r.id}/${r.versionId}/${r.lastUpdated}` : '')).join(' ');
  }
}
