import type { ResourceStore, ResourceWrite } from '../store/port.js';

/** At most this many writes share one unit of work. */
const MAX_GROUP = 200;

interface Waiting {
  write: ResourceWrite;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for independent appends (AuditEvents): writes that arrive while a unit is being
 * committed wait and go together in the next unit, so under load N events cost one journal
 * instead of N. Each caller still waits until its own event is durable — audit is never
 * fire-and-forget — and a failed unit fails every caller in it.
 */
export class GroupCommit {
  #waiting: Waiting[] = [];
  #draining = false;

  constructor(private readonly store: Pick<ResourceStore, 'commit'>) {}

  write(write: ResourceWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ write, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (this.#waiting.length > 0) {
      const group = this.#waiting.splice(0, MAX_GROUP);
      try {
        await this.store.commit(group.map((w) => w.write));
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.#draining = false;
  }
}
