import { setTimeout as sleep } from 'node:timers/promises';

/** How often a write that lost a race is prepared anew before the client is told 409. */
export const CONFLICT_ATTEMPTS = 8;

/**
 * Waits before the next attempt after a lost race: the winner is usually still writing (its
 * unit is journalled until every write landed; on FerretDB that takes tens of milliseconds
 * under load), so an immediate retry would only meet it again. Exponential with full jitter,
 * so that many losers do not retry in lockstep; at most ~1.3 s over all attempts.
 */
export async function conflictBackoff(attempt: number): Promise<void> {
  await sleep(Math.random() * Math.min(5 * 2 ** attempt, 320));
}
