import type { StoredDocument } from '../stored-document.js';

/** What rollback needs to undo one write, recorded before the write is applied. */
export interface JournalEntry {
  resourceType: string;
  id: string;
  versionId: string;
  uniqueKey?: string;
  /** The current document the write replaces; absent when the write creates the resource. */
  previous?: StoredDocument;
}

/**
 * A unit of work in flight (collection `_journal`, `_id` = the unit's txn). Written before the
 * first write is applied and removed after the last one. Its owner refreshes `heartbeatAt` while
 * applying, so a journal whose heartbeat is older than `recoverAfterMs` means its owner died:
 * recovery (at `init()` and periodically, in any process) claims it (`recovering`, guarded by
 * the stale heartbeat) and rolls it back. The owner checks before each write and at the end that
 * its journal is still `pending`; if claimed it stops and rolls back too.
 */
export interface JournalDocument {
  _id: string;
  state: 'pending' | 'recovering';
  createdAt: Date;
  /** Last sign of life of the owner (or of the claiming recovery); absent in older journals. */
  heartbeatAt?: Date;
  writes: JournalEntry[];
}
