import type { SearchSet, SearchSetPage } from '../port.js';

/**
 * The memory store's search sets: a Map, forgotten once expired (swept on each save, so the
 * table holds only live sets plus those that expired since the last save).
 */
export class SearchSetTable {
  readonly #sets = new Map<string, SearchSet>();

  save(set: SearchSet, now: string): void {
    for (const [id, kept] of this.#sets) if (kept.expiresAt <= now) this.#sets.delete(id);
    this.#sets.set(set.id, { ...set, keys: [...set.keys] });
  }

  read(id: string, offset: number, count: number, now: string): SearchSetPage | undefined {
    const set = this.#sets.get(id);
    if (set === undefined || set.expiresAt <= now) return undefined;
    const page = { keys: set.keys.slice(offset, offset + count), size: set.keys.length };
    return set.total === undefined ? page : { ...page, total: set.total };
  }
}
