/**
 * The one test hook of the store backends: called before each step of applying a unit of work,
 * with the index of the write in the unit. A throw there behaves exactly like the database
 * failing at that point, so tests can prove all-or-nothing and crash recovery without any
 * test-only branch in the backends.
 *
 * - `unique`, `history`, `current`: claiming the uniqueKey, appending the history version,
 *   replacing the current version (both backends).
 * - `finish`: removing the journal after every write was applied (mongo; index = writes.length).
 * - `rollback`: before undoing write `index` after a failure (mongo). A throw there leaves the
 *   journal pending, as a crash would, for the next recovery to roll back.
 */
export type CommitStep = 'unique' | 'history' | 'current' | 'finish' | 'rollback';

export type FaultInjector = (step: CommitStep, index: number) => void;

/**
 * The mongo backend awaits what the hook returns, so a test can also slow a step down (a unit
 * in flight while another process recovers). The memory store applies a unit synchronously.
 */
export type SlowFaultInjector = (step: CommitStep, index: number) => void | Promise<void>;
