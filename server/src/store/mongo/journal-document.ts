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
 * first write is applied and removed after the last one, so a journal that outlives its unit
 * means a crash: `init()` rolls it back. `recovering` marks a journal another process is
 * rolling back; the owner's final guarded delete then fails and it rolls back too.
 */
export interface JournalDocument {
  _id: string;
  state: 'pending' | 'recovering';
  createdAt: Date;
  writes: JournalEntry[];
}
