import type { Collection, Db } from 'mongodb';
import type { StoredDocument } from '../stored-document.js';
import { assertResourceType } from '../unit-checks.js';
import type { JournalDocument } from './journal-document.js';
import type { UniqueKeyDocument } from './unique-key-document.js';

const HISTORY_SUFFIX = '_history';

/**
 * The collections of one database and their indexes. Resource types are not known up front, so
 * a type's indexes are created the first time a unit writes to it (and at `init()` for types
 * with declared hot parameters). The history index must exist before the first write: the
 * unique (id, versionId) index is what decides between concurrent writers.
 */
export class MongoCollections {
  readonly journal: Collection<JournalDocument>;
  readonly uniqueKeys: Collection<UniqueKeyDocument>;
  readonly #ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    /** Per resource type, extra current-collection index fields, e.g. `{ Patient: ['idx.identifier'] }`. */
    private readonly hotFields: Record<string, string[]>,
  ) {
    this.journal = db.collection<JournalDocument>('_journal');
    this.uniqueKeys = db.collection<UniqueKeyDocument>('_unique');
  }

  current(resourceType: string): Collection<StoredDocument> {
    assertResourceType(resourceType);
    return this.db.collection<StoredDocument>(resourceType);
  }

  history(resourceType: string): Collection<StoredDocument> {
    assertResourceType(resourceType);
    return this.db.collection<StoredDocument>(resourceType + HISTORY_SUFFIX);
  }

  /** Creates the type's indexes once per process; a failure is retried by the next caller. */
  ensureIndexes(resourceType: string): Promise<void> {
    let ensured = this.#ensured.get(resourceType);
    if (ensured === undefined) {
      ensured = this.#createIndexes(resourceType);
      ensured.catch(() => this.#ensured.delete(resourceType));
      this.#ensured.set(resourceType, ensured);
    }
    return ensured;
  }

  /** The resource types that have a history collection, for system-level history. */
  async historyTypes(): Promise<string[]> {
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return collections
      .map(({ name }) => name)
      .filter((name) => name.endsWith(HISTORY_SUFFIX) && /^[A-Z]/.test(name))
      .map((name) => name.slice(0, -HISTORY_SUFFIX.length));
  }

  /**
   * One `createIndex` per index: FerretDB 1.24 drops the connection (a server panic, "slice
   * bounds out of range") on a `createIndexes` of two or more indexes that all exist already,
   * which is every restart; single index creation is idempotent there as on MongoDB.
   */
  async #createIndexes(resourceType: string): Promise<void> {
    const hot = this.hotFields[resourceType] ?? [];
    const current = this.current(resourceType);
    for (const field of ['lastUpdated', 'compartments', ...hot]) await current.createIndex({ [field]: 1 });
    // The default search order (`id`, then the `_id` tiebreaker): without it MongoDB sorts a
    // whole collection in memory for every unsorted search page.
    await current.createIndex({ id: 1, _id: 1 });
    const history = this.history(resourceType);
    await history.createIndex({ id: 1, versionId: 1 }, { unique: true });
    await history.createIndex({ lastUpdated: -1 });
  }
}
