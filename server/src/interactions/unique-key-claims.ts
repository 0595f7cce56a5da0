import type { ResourceWrite } from '../store/port.js';
import { StoreConflictError } from '../store/port.js';

/**
 * Condition keys whose holder was found, on a lost race, to be a live resource; key → holder
 * id. A conditional create only claims a key after its search matched nothing, so a holder it
 * meets was updated since it claimed the key and no longer matches: the next attempt may take
 * the key over from exactly that holder (and from no other, so concurrent creators still
 * cannot both win). Without this a stale key would answer 409 forever.
 */
export class StaleKeyHolders {
  readonly #holders = new Map<string, string>();

  /** Remembers the holder a unique-key conflict named; false for any other error. */
  learn(error: unknown): boolean {
    if (!(error instanceof StoreConflictError) || error.kind !== 'unique') return false;
    if (error.uniqueKey !== undefined && error.holderId !== undefined)
      this.#holders.set(error.uniqueKey, error.holderId);
    return true;
  }

  /** The claim part of a write: the key, and the holder it may be taken from. */
  claim(uniqueKey: string): Pick<ResourceWrite, 'uniqueKey' | 'staleUniqueKeyHolder'> {
    const holder = this.#holders.get(uniqueKey);
    return holder === undefined ? { uniqueKey } : { uniqueKey, staleUniqueKeyHolder: holder };
  }
}
