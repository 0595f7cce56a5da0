import type { InboxEntry } from '../inbox/inbox.js';

/**
 * Whether an earlier attempt at `entry` may have committed its transaction, so that this one must
 * look for its Provenance and write its records conditionally (`recordRequest`). Exactly-once rests on
 * the claim: every transaction is sent under a claim, and each claim counts an attempt atomically.
 * - `attempts <= 1` with no errors and no resources: this is the first claim since the entry was
 *   received (a replay's `reset` sets attempts to 0 but leaves its errors, resources and a
 *   "replay" line), so no transaction for it was ever sent.
 * - A lease overrun: a second worker may claim the entry once our lease is past and commit before our
 *   transaction does. So a first attempt writes plainly only while at least half its lease is left:
 *   its transaction would have to take longer than `leaseMs / 2` on the server to land after a takeover.
 */
export function mayHaveCommitted(entry: InboxEntry, now: Date, leaseMs: number): boolean {
  if (entry.attempts > 1 || entry.errors.length > 0 || entry.resources.length > 0) return true;
  const leaseLeft = entry.leaseUntil === undefined ? 0 : Date.parse(entry.leaseUntil) - now.getTime();
  return leaseLeft < leaseMs / 2;
}
