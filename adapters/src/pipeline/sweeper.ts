import type { Hl7Inbox, InboxEntry, InboxStatus } from '../inbox/inbox.js';
import type { Hl7JobQueue } from './hl7-job-queue.js';

export interface SweepOptions {
  /** An entry untouched this long with no live lease has lost its job. Default 30 s. */
  readonly staleMs?: number;
  /** Entries looked at per status and sweep. Default 500. */
  readonly limit?: number;
  readonly now?: () => Date;
  /** Told when an enqueue fails (the queue is down: the next sweep tries again). */
  readonly onError?: (error: unknown) => void;
}

const pendingStatuses: readonly InboxStatus[] = ['received', 'failed'];

/**
 * Queues again the inbox entries whose job was lost: `received` or `failed`, no live lease, not
 * touched for `staleMs` (the queue was down when they arrived, Redis lost its data, a worker died).
 * The job's result is not awaited; a second job for an entry that is being worked on finds it claimed
 * or final and costs nothing. Resolves with the number of entries queued.
 */
export async function requeueStale(
  inbox: Hl7Inbox,
  queue: Pick<Hl7JobQueue, 'enqueue'>,
  options: SweepOptions = {},
): Promise<number> {
  const now = (options.now ?? (() => new Date()))().getTime();
  const staleBefore = now - (options.staleMs ?? 30_000);
  const lost = (e: InboxEntry): boolean =>
    Date.parse(e.updatedAt) <= staleBefore && (e.leaseUntil === undefined || Date.parse(e.leaseUntil) <= now);
  let queued = 0;
  for (const status of pendingStatuses) {
    const entries = await inbox.list({ status, limit: options.limit ?? 500 });
    for (const entry of entries.filter(lost)) {
      queue.enqueue(entry.id).catch((error: unknown) => options.onError?.(error));
      queued += 1;
    }
  }
  return queued;
}

/**
 * Runs `requeueStale` every `intervalMs` (default 30 s) until the returned stop function is called;
 * a sweep that fails (the inbox is down) is reported and the next one tries again.
 */
export function startInboxSweeper(
  inbox: Hl7Inbox,
  queue: Pick<Hl7JobQueue, 'enqueue'>,
  options: SweepOptions & { readonly intervalMs?: number } = {},
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    requeueStale(inbox, queue, options)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => (running = false));
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
