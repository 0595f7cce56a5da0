import { MongoClient, MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import type { SlowFaultInjector } from '../fault-injector.js';
import { historyFilter, HISTORY_SORT, historyTypes } from '../history-query.js';
import {
  DEFAULT_RECOVER_AFTER_MS,
  DEFAULT_SEARCH_TIME_LIMIT_MS,
  StoreTimeLimitError,
  type HistoryRequest,
  type HistoryResult,
  type KeysRequest,
  type RecordKey,
  type ResourceRecord,
  type ResourceStore,
  type ResourceWrite,
  type SearchRequest,
  type SearchResult,
  type SearchSet,
  type SearchSetPage,
  type StoreFilter,
  type StoreSort,
} from '../port.js';
import { recordKey } from '../record-key.js';
import { sortTypedDocuments, withIdTiebreaker, type TypedDocument } from '../sort-order.js';
import { historyDocumentId, toRecord, type StoredDocument } from '../stored-document.js';
import { assertWellFormedUnit } from '../unit-checks.js';
import { MongoCollections } from './collections.js';
import { JournalledCommit } from './journalled-commit.js';
import { MongoChainLedger } from './mongo-chain-ledger.js';
import { PeriodicRecovery } from './periodic-recovery.js';
import { MongoSearchSets } from './search-sets.js';

export interface MongoResourceStoreOptions {
  url: string;
  /** Defaults to the database named in the URL (the driver's default when it names none). */
  dbName?: string;
  /** Acknowledgement for every write, always with the journal (`j: true`). Default `majority`. */
  writeConcern?: 'majority' | number;
  /** Declared-hot search parameters: per resource type, `idx.<code>` fields to index at init. */
  indexes?: Record<string, string[]>;
  /**
   * A unit whose owner's heartbeat is older than this is taken for a crashed one and rolled back,
   * at `init()` and by a sweep every `recoverAfterMs / 2` (default 30 s). Units in flight in
   * another process keep beating and are spared; one rolled back anyway (its owner stalled past
   * this) fails cleanly in its owner with `StoreUnitRolledBackError`. 0 rolls back every journal
   * at once: only for a single process restarting after a crash.
   */
  recoverAfterMs?: number;
  /** Test hook, see `SlowFaultInjector`. */
  faultInjector?: SlowFaultInjector;
  /**
   * Server-side bound (`maxTimeMS`, which FerretDB 1.24 honours too) on every find and count of
   * search and history; past it they fail with `StoreTimeLimitError`. Default 5 s.
   */
  searchTimeLimitMs?: number;
}

/** MongoDB's (and FerretDB's) MaxTimeMSExpired. */
const MAX_TIME_MS_EXPIRED = 50;

type CollectionOf = (resourceType: string) => Collection<StoredDocument>;

/**
 * The MongoDB backend (tested on FerretDB 1.24, which accepts `w: "majority", j: true` as is).
 * Layout per DESIGN.md "Data in MongoDB": `<Type>` holds current versions (`_id` = id),
 * `<Type>_history` every version (`_id` = "id/versionId"), `_unique` conditional-create keys,
 * `_journal` units of work in flight. Resource bodies are stored as they are: FHIR JSON keys
 * never start with `$` nor contain `.`, and `_element` keys are ordinary field names.
 */
export class MongoResourceStore implements ResourceStore {
  readonly #client: MongoClient;
  readonly #db: Db;
  readonly #collections: MongoCollections;
  readonly #unitsOfWork: JournalledCommit;
  readonly #searchSets: MongoSearchSets;
  readonly auditChain: MongoChainLedger;
  readonly #options: MongoResourceStoreOptions;
  readonly #timeLimitMs: number;
  #periodicRecovery: PeriodicRecovery | undefined;

  constructor(options: MongoResourceStoreOptions) {
    this.#options = options;
    this.#timeLimitMs = options.searchTimeLimitMs ?? DEFAULT_SEARCH_TIME_LIMIT_MS;
    this.#client = new MongoClient(options.url, {
      writeConcern: { w: options.writeConcern ?? 'majority', journal: true },
      ignoreUndefined: true,
    });
    this.#db = this.#client.db(options.dbName);
    this.#collections = new MongoCollections(this.#db, options.indexes ?? {});
    this.#unitsOfWork = new JournalledCommit(
      this.#collections,
      options.faultInjector ?? (() => undefined),
      options.recoverAfterMs ?? DEFAULT_RECOVER_AFTER_MS,
    );
    this.#searchSets = new MongoSearchSets(this.#db);
    this.auditChain = new MongoChainLedger(this.#db);
  }

  async init(): Promise<void> {
    await this.#client.connect();
    await Promise.all(Object.keys(this.#options.indexes ?? {}).map((type) => this.#collections.ensureIndexes(type)));
    await this.#searchSets.ensureIndex();
    await this.#unitsOfWork.recover();
    const recoverAfterMs = this.#options.recoverAfterMs ?? DEFAULT_RECOVER_AFTER_MS;
    // 0 means one process alone on the database: every unfinished unit at start is a crashed
    // one, and a sweep later would roll back this process's own units in flight.
    if (recoverAfterMs > 0) {
      this.#periodicRecovery = new PeriodicRecovery(() => this.#unitsOfWork.recover(), recoverAfterMs);
    }
  }

  async close(): Promise<void> {
    await this.#periodicRecovery?.stop();
    await this.#client.close();
  }

  async ping(): Promise<void> {
    await this.#db.command({ ping: 1 });
  }

  async read(resourceType: string, id: string): Promise<ResourceRecord | undefined> {
    const doc = await this.#collections.current(resourceType).findOne({ _id: id });
    return doc === null ? undefined : toRecord(resourceType, doc);
  }

  async vread(resourceType: string, id: string, versionId: string): Promise<ResourceRecord | undefined> {
    const doc = await this.#collections.history(resourceType).findOne({ _id: historyDocumentId(id, versionId) });
    return doc === null ? undefined : toRecord(resourceType, doc);
  }

  async commit(writes: ResourceWrite[]): Promise<void> {
    assertWellFormedUnit(writes);
    if (writes.length === 0) return;
    const types = new Set(writes.map(({ record }) => record.resourceType));
    await Promise.all([...types].map((type) => this.#collections.ensureIndexes(type)));
    await this.#unitsOfWork.commit(writes);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const current: CollectionOf = (type) => this.#collections.current(type);
    const filter = { $and: [{ deleted: false }, request.filter] };
    const [records, total] = await Promise.all([
      this.#page(request.resourceTypes, current, filter, request.sort, request.offset, request.count),
      request.total ? this.#count(request.resourceTypes, current, filter) : undefined,
    ]);
    return total === undefined ? { records } : { records, total };
  }

  /**
   * Only the identity, the sort fields (to merge collections) and `field` leave the server: a
   * first page keeps up to SEARCH_SET_MAX keys, which must not drag their whole documents along.
   */
  async searchKeys(request: KeysRequest): Promise<RecordKey[]> {
    const filter = { $and: [{ deleted: false }, request.filter] } as Filter<StoredDocument>;
    const projection = keysProjection(request);
    const pages = await Promise.all(
      request.resourceTypes.map(async (resourceType): Promise<TypedDocument[]> => {
        const docs = await this.#timeLimited(
          this.#collections
            .current(resourceType)
            .find(filter, { projection, maxTimeMS: this.#timeLimitMs })
            .sort(withIdTiebreaker(request.sort))
            .limit(request.limit)
            .toArray(),
        );
        // A document without the projected idx fields comes back without `idx`.
        return docs.map((doc) => ({
          resourceType,
          doc: { ...doc, idx: (doc.idx as StoredDocument['idx'] | undefined) ?? {} },
        }));
      }),
    );
    return sortTypedDocuments(pages.flat(), request.sort)
      .slice(0, request.limit)
      .map((match) => recordKey(match, request.field));
  }

  async saveSearchSet(set: SearchSet): Promise<void> {
    await this.#searchSets.save(set);
  }

  async readSearchSet(id: string, offset: number, count: number, now: string): Promise<SearchSetPage | undefined> {
    return this.#searchSets.read(id, offset, count, now);
  }

  async history(request: HistoryRequest): Promise<HistoryResult> {
    const types = historyTypes(
      request,
      request.resourceType === undefined ? await this.#collections.historyTypes() : [],
    );
    const history: CollectionOf = (type) => this.#collections.history(type);
    const filter = historyFilter(request);
    const [records, total] = await Promise.all([
      this.#page(types, history, filter, HISTORY_SORT, request.offset, request.count),
      this.#count(types, history, filter),
    ]);
    return { records, total };
  }

  async rewriteVersion(record: ResourceRecord): Promise<boolean> {
    const { resourceType, id, versionId } = record;
    const set = { $set: { resource: record.resource, idx: record.idx, compartments: record.compartments } };
    const history = this.#collections.history(resourceType);
    const _id = historyDocumentId(id, versionId);
    // History documents never change otherwise, so reading then writing by `_id` cannot race.
    const stored = await history.findOne({ _id });
    if (stored === null || stored.deleted) return false;
    await history.updateOne({ _id }, set);
    // Guarded by versionId (a scan on FerretDB, acceptable for this rare operation): a newer
    // version written meanwhile must not be replaced by this older one.
    await this.#collections.current(resourceType).updateOne({ _id: id, versionId }, set);
    return true;
  }

  /**
   * One collection pages on the server. Several (system-level search and history) are each read
   * up to offset + count and merged here, which costs O(types × (offset + count)) documents:
   * fine for the first pages, the place to improve for deep system-level paging.
   */
  async #page(
    types: string[],
    collectionOf: CollectionOf,
    filter: StoreFilter,
    sort: StoreSort,
    offset: number,
    count: number,
  ): Promise<ResourceRecord[]> {
    if (count <= 0 || types.length === 0) return [];
    const single = types.length === 1;
    const pages = await Promise.all(
      types.map(async (resourceType): Promise<TypedDocument[]> => {
        const docs = await this.#timeLimited(
          collectionOf(resourceType)
            .find(filter as Filter<StoredDocument>, { maxTimeMS: this.#timeLimitMs })
            .sort(withIdTiebreaker(sort))
            .skip(single ? offset : 0)
            .limit(single ? count : offset + count)
            .toArray(),
        );
        return docs.map((doc) => ({ resourceType, doc }));
      }),
    );
    const page = single ? pages.flat() : sortTypedDocuments(pages.flat(), sort).slice(offset, offset + count);
    return page.map(({ resourceType, doc }) => toRecord(resourceType, doc));
  }

  async #count(types: string[], collectionOf: CollectionOf, filter: StoreFilter): Promise<number> {
    const counts = await Promise.all(
      types.map((type) =>
        this.#timeLimited(
          collectionOf(type).countDocuments(filter as Filter<StoredDocument>, { maxTimeMS: this.#timeLimitMs }),
        ),
      ),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async #timeLimited<T>(query: Promise<T>): Promise<T> {
    try {
      return await query;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === MAX_TIME_MS_EXPIRED) {
        throw new StoreTimeLimitError(this.#timeLimitMs);
      }
      throw error;
    }
  }
}

/** `_id`, `id`, the sort fields (`idx.<code>` whole, for dotted range bounds) and the asked field. */
function keysProjection({ sort, field }: KeysRequest): Record<string, 1> {
  const fields = sort.map(([path]) => path.split('.').slice(0, 2).join('.'));
  if (field !== undefined) fields.push(`idx.${field}`);
  const projection: Record<string, 1> = { _id: 1, id: 1 };
  // A path and its parent in one projection is a path collision on MongoDB: keep the parents.
  for (const path of fields) if (!fields.some((other) => path.startsWith(`${other}.`))) projection[path] = 1;
  return projection;
}
