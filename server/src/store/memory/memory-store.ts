import { Query } from 'mingo';
import type { Criteria } from 'mingo/types';
import { EventLoopPacer } from '../../concurrency/event-loop-pacer.js';
import type { FaultInjector } from '../fault-injector.js';
import { historyFilter, HISTORY_SORT, historyTypes } from '../history-query.js';
import {
  DEFAULT_SEARCH_TIME_LIMIT_MS,
  StoreConflictError,
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
import { sortTypedDocuments, type TypedDocument } from '../sort-order.js';
import {
  historyDocumentId,
  toHistoryDocument,
  toRecord,
  toStoredDocument,
  type StoredDocument,
} from '../stored-document.js';
import { assertWellFormedUnit } from '../unit-checks.js';
import { EqualityIndex } from './equality-index.js';
import { MemoryChainLedger } from './memory-chain-ledger.js';
import { SearchSetTable } from './search-set-table.js';

export interface MemoryResourceStoreOptions {
  /** Test hook, see `FaultInjector`; called before the `unique`, `history` and `current` steps. */
  faultInjector?: FaultInjector;
  /** A search or history scan past this deadline fails with `StoreTimeLimitError`. Default 5 s. */
  searchTimeLimitMs?: number;
}

/** Documents tested between two looks at the clock. */
const CLOCK_STRIDE = 64;

/** One resource type's collections, keyed by `_id` like their mongo counterparts. */
interface TypeTables {
  current: Map<string, StoredDocument>;
  history: Map<string, StoredDocument>;
  /** Postings over `current`, to narrow what a search must test. */
  index: EqualityIndex;
}

interface UniqueKeyOwner {
  resourceType: string;
  id: string;
}

/**
 * The embedded store (no MONGODB_URL): the mongo document model held in Maps, filters evaluated
 * by mingo. A commit checks every write first and then applies them without yielding to the
 * event loop, so units never interleave; a failure while applying (only ever injected) is undone
 * from an in-memory undo list. Records are deep-copied in and out, so callers can never reach
 * stored data. Nothing survives the process, so `init()` has nothing to recover.
 */
export class MemoryResourceStore implements ResourceStore {
  readonly #tables = new Map<string, TypeTables>();
  readonly #uniqueKeys = new Map<string, UniqueKeyOwner>();
  readonly #searchSets = new SearchSetTable();
  readonly auditChain = new MemoryChainLedger();
  readonly #faultInjector: FaultInjector;
  readonly #timeLimitMs: number;
  #units = 0;

  constructor(options: MemoryResourceStoreOptions = {}) {
    this.#faultInjector = options.faultInjector ?? (() => undefined);
    this.#timeLimitMs = options.searchTimeLimitMs ?? DEFAULT_SEARCH_TIME_LIMIT_MS;
  }

  async init(): Promise<void> {}

  async close(): Promise<void> {}

  async ping(): Promise<void> {}

  async read(resourceType: string, id: string): Promise<ResourceRecord | undefined> {
    return this.#copyOut(resourceType, this.#tables.get(resourceType)?.current.get(id));
  }

  async vread(resourceType: string, id: string, versionId: string): Promise<ResourceRecord | undefined> {
    return this.#copyOut(resourceType, this.#tables.get(resourceType)?.history.get(historyDocumentId(id, versionId)));
  }

  async commit(writes: ResourceWrite[]): Promise<void> {
    assertWellFormedUnit(writes);
    const txn = `memory-${++this.#units}`;
    const docs = await storedCopies(writes, txn);
    // Checked and applied in one synchronous step: no other request sees half a unit.
    writes.forEach((write) => this.#check(write));
    const undo: Array<() => void> = [];
    try {
      writes.forEach((write, index) => this.#apply(write, docs[index] as StoredDocument, index, undo));
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const matches = this.#currentMatches(request);
    const records = this.#page(matches, request.sort, request.offset, request.count);
    return request.total ? { records, total: matches.length } : { records };
  }

  async searchKeys(request: KeysRequest): Promise<RecordKey[]> {
    return sortTypedDocuments(this.#currentMatches(request), request.sort)
      .slice(0, request.limit)
      .map((match) => recordKey(match, request.field));
  }

  async saveSearchSet(set: SearchSet): Promise<void> {
    this.#searchSets.save(set, new Date().toISOString());
  }

  async readSearchSet(id: string, offset: number, count: number, now: string): Promise<SearchSetPage | undefined> {
    return this.#searchSets.read(id, offset, count, now);
  }

  async history(request: HistoryRequest): Promise<HistoryResult> {
    const query = matcher(historyFilter(request));
    const types = historyTypes(request, [...this.#tables.keys()]);
    const matches = this.#collect(types, 'history', (doc) => query.test(doc));
    return { records: this.#page(matches, HISTORY_SORT, request.offset, request.count), total: matches.length };
  }

  async rewriteVersion(record: ResourceRecord): Promise<boolean> {
    const tables = this.#tables.get(record.resourceType);
    const historyId = historyDocumentId(record.id, record.versionId);
    const stored = tables?.history.get(historyId);
    if (!tables || !stored || stored.deleted) return false;
    const doc = { ...toStoredDocument(structuredClone(record), stored.txn), lastUpdated: stored.lastUpdated };
    tables.history.set(historyId, toHistoryDocument(doc));
    const current = tables.current.get(record.id);
    if (current?.versionId === record.versionId) this.#replaceCurrent(tables, current, doc);
    return true;
  }

  /** Throws the conflict the mongo backend would hit while applying, before anything changes. */
  #check({ record, expectedVersionId, uniqueKey, staleUniqueKeyHolder }: ResourceWrite): void {
    const current = this.#tables.get(record.resourceType)?.current.get(record.id);
    if ((current?.versionId ?? null) !== expectedVersionId) {
      throw new StoreConflictError('version', record.resourceType, record.id);
    }
    const owner = uniqueKey === undefined ? undefined : this.#uniqueKeys.get(uniqueKey);
    if (owner !== undefined && owner.id !== staleUniqueKeyHolder && this.#isLive(owner)) {
      throw new StoreConflictError('unique', record.resourceType, record.id, uniqueKey, owner.id);
    }
  }

  /** A key is held while its owner exists and is not deleted; otherwise it may be taken over. */
  #isLive(owner: UniqueKeyOwner): boolean {
    const doc = this.#tables.get(owner.resourceType)?.current.get(owner.id);
    return doc !== undefined && !doc.deleted;
  }

  #apply({ record, uniqueKey }: ResourceWrite, doc: StoredDocument, index: number, undo: Array<() => void>): void {
    const tables = this.#tablesFor(record.resourceType);
    if (uniqueKey !== undefined) {
      this.#faultInjector('unique', index);
      const previousOwner = this.#uniqueKeys.get(uniqueKey);
      this.#uniqueKeys.set(uniqueKey, { resourceType: record.resourceType, id: record.id });
      undo.push(() => restore(this.#uniqueKeys, uniqueKey, previousOwner));
    }
    this.#faultInjector('history', index);
    const historyDoc = toHistoryDocument(doc);
    tables.history.set(historyDoc._id, historyDoc);
    undo.push(() => tables.history.delete(historyDoc._id));
    this.#faultInjector('current', index);
    const previous = tables.current.get(record.id);
    this.#replaceCurrent(tables, previous, doc);
    undo.push(() => this.#replaceCurrent(tables, doc, previous));
  }

  #tablesFor(resourceType: string): TypeTables {
    let tables = this.#tables.get(resourceType);
    if (tables === undefined) {
      tables = { current: new Map(), history: new Map(), index: new EqualityIndex() };
      this.#tables.set(resourceType, tables);
    }
    return tables;
  }

  /** Makes `next` (or nothing) the current document in place of `previous`, index included. */
  #replaceCurrent(tables: TypeTables, previous: StoredDocument | undefined, next: StoredDocument | undefined): void {
    if (previous) tables.index.remove(previous);
    const id = (next ?? previous)?._id;
    if (id === undefined) return;
    if (next) {
      tables.current.set(id, next);
      tables.index.add(next);
    } else tables.current.delete(id);
  }

  #currentMatches({ resourceTypes, filter }: { resourceTypes: string[]; filter: StoreFilter }): TypedDocument[] {
    const query = matcher(filter);
    return this.#collect(resourceTypes, 'current', (doc) => !doc.deleted && query.test(doc), filter);
  }

  #collect(
    types: string[],
    table: 'current' | 'history',
    accept: (doc: StoredDocument) => boolean,
    filter?: StoreFilter,
  ): TypedDocument[] {
    const matches: TypedDocument[] = [];
    const deadline = Date.now() + this.#timeLimitMs;
    let tested = 0;
    for (const resourceType of types) {
      const tables = this.#tables.get(resourceType);
      if (!tables) continue;
      for (const doc of candidates(tables, table, filter)) {
        // The scan is synchronous: without a deadline one unselective search on a large
        // collection would hold the event loop, and so every other request, for its whole length.
        if (++tested % CLOCK_STRIDE === 0 && Date.now() > deadline) throw new StoreTimeLimitError(this.#timeLimitMs);
        if (accept(doc)) matches.push({ resourceType, doc });
      }
    }
    return matches;
  }

  #page(matches: TypedDocument[], sort: StoreSort, offset: number, count: number): ResourceRecord[] {
    return sortTypedDocuments(matches, sort)
      .slice(offset, offset + count)
      .map(({ resourceType, doc }) => structuredClone(toRecord(resourceType, doc)));
  }

  #copyOut(resourceType: string, doc: StoredDocument | undefined): ResourceRecord | undefined {
    return doc === undefined ? undefined : structuredClone(toRecord(resourceType, doc));
  }
}

/** The documents a filter can match: narrowed by the postings where it has indexed terms. */
function* candidates(
  tables: TypeTables,
  table: 'current' | 'history',
  filter?: StoreFilter,
): Generator<StoredDocument> {
  const ids = table === 'current' && filter ? tables.index.candidates(filter) : undefined;
  if (!ids) {
    yield* tables[table].values();
    return;
  }
  for (const id of ids) {
    const doc = tables.current.get(id);
    if (doc) yield doc;
  }
}

/** mingo evaluates the very query documents the mongo backend sends to the server. */
function matcher(filter: StoreFilter): Query<StoredDocument> {
  return new Query<StoredDocument>(filter as Criteria<StoredDocument>);
}

function restore<K, V>(map: Map<K, V>, key: K, previous: V | undefined): void {
  if (previous === undefined) map.delete(key);
  else map.set(key, previous);
}

/** Copies to store taken in slices: a 10,000-write unit must not hold the event loop. */
function storedCopies(writes: readonly ResourceWrite[], txn: string): Promise<StoredDocument[]> {
  return new EventLoopPacer().map(writes, ({ record }) => toStoredDocument(structuredClone(record), txn));
}
