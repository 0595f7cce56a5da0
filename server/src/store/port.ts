import type { Resource } from '@medplum/fhirtypes';
import type { ChainLedger } from './chain-ledger.js';

/**
 * The storage port: everything the FHIR engine needs from a database, and nothing more.
 * Backends: `memory/` (mingo) and `mongo/` (official driver; tested on FerretDB).
 * Every backend must pass the contract suite in `contract.ts`.
 *
 * Data model (see DESIGN.md "Data in MongoDB"): per resource type a current collection and a
 * history collection. A record is one version of one resource.
 */

/** One version of one resource, as stored. */
export interface ResourceRecord {
  resourceType: string;
  id: string;
  /** Server-assigned, "1", "2", … in write order (a positive decimal integer; stores sort on it). */
  versionId: string;
  /** ISO 8601 instant with milliseconds and `Z`, e.g. 2026-12-03T11:32:49.123Z. */
  lastUpdated: string;
  /** A delete is a version with `deleted: true` and no resource body. */
  deleted: boolean;
  /** Present unless `deleted`. meta.versionId/lastUpdated are already set by the engine. */
  resource?: Resource;
  /**
   * Search index values extracted at write time (search/ decides the shape; the store persists
   * it as is and evaluates filters over it). Keys are SearchParameter codes.
   */
  idx: Record<string, unknown>;
  /** Compartments the resource belongs to, as "Patient/123". */
  compartments: string[];
  /**
   * The HTTP method of the request that wrote this version, for history entries
   * (http.html#history: an update that created shows PUT); absent on older versions.
   */
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Set on a version that re-created a deleted resource (its history entry shows 201). */
  recreated?: true;
}

/** One write inside a unit of work. */
export interface ResourceWrite {
  record: ResourceRecord;
  /**
   * Optimistic concurrency: `null` = the resource must not exist yet; a versionId = the current
   * version must be exactly this one. A deleted tombstone counts as existing with its versionId,
   * so re-creating a deleted resource expects the tombstone's version.
   * A mismatch fails the whole unit with `StoreConflictError`.
   */
  expectedVersionId: string | null;
  /**
   * Conditional create: a key that identifies the condition (e.g. "Patient?identifier=sys|1").
   * The store claims it atomically; when another write already holds it, the unit fails with
   * `StoreConflictError` (kind "unique"), so two concurrent identical conditional creates can
   * never both succeed. A key whose owner has since been deleted is taken over. The store never
   * releases a key when the owner is merely updated: on a "unique" conflict the engine re-runs the
   * condition's search.
   */
  uniqueKey?: string;
  /**
   * The id of a live resource that holds `uniqueKey` but, as the engine has just searched, no
   * longer matches its condition (it was updated since): the key may be taken over from exactly
   * that holder. Taken from `StoreConflictError.holderId` of a previous attempt.
   */
  staleUniqueKeyHolder?: string;
}

/** A MongoDB query document over the stored fields (`_id`, `id`, `lastUpdated`, `compartments`,
 * `idx.*`; `_id` is the one FerretDB 1.x looks up without a full scan). Both
 * backends evaluate the same documents: mongo natively, memory through mingo. Only operators
 * FerretDB 1.x evaluates may be used: $and $or $nor $not $eq $ne $gt $gte $lt $lte $in $nin
 * $exists $regex $all $size, dotted paths. No `$elemMatch`: FerretDB 1.24 evaluates
 * `{ $elemMatch: { $gte: 40, $lt: 60 } }` on [30, 70] as a match (each bound by another element),
 * and rejects it on arrays of subdocuments. So over arrays every condition holds if *some*
 * element satisfies it, independently (MongoDB semantics without $elemMatch). */
export type StoreFilter = Record<string, unknown>;

/** Sort keys over stored fields, 1 ascending, -1 descending, applied in order. */
export type StoreSort = Array<[field: string, direction: 1 | -1]>;

export interface SearchRequest {
  /** Resource types to search; more than one for system-level search. */
  resourceTypes: string[];
  filter: StoreFilter;
  sort: StoreSort;
  offset: number;
  /** Page size; 0 = count only. */
  count: number;
  /** Compute the total number of matches. */
  total: boolean;
}

export interface SearchResult {
  records: ResourceRecord[];
  total?: number;
}

/** A search for the identities of the matches only (sub-searches of chains, search sets). */
export interface KeysRequest {
  resourceTypes: string[];
  filter: StoreFilter;
  sort: StoreSort;
  /** At most this many keys, the first ones in `sort` order. */
  limit: number;
  /** An `idx` key whose values to return with each match (`_has` reads the references). */
  field?: string;
}

/** A current resource's identity, and the values of the requested `idx` field. */
export interface RecordKey {
  resourceType: string;
  id: string;
  values?: unknown[];
}

/**
 * The ordered matches of a search, kept so that its pages stay stable while data is written
 * (http://hl7.org/fhir/R4/http.html#paging): `keys` are `Type/id`.
 */
export interface SearchSet {
  id: string;
  keys: string[];
  /** ISO instant after which the set may be forgotten. */
  expiresAt: string;
  /** The total number of matches, when it was counted (it may exceed `keys.length`). */
  total?: number;
}

export interface SearchSetPage {
  keys: string[];
  /** How many keys the whole set holds. */
  size: number;
  total?: number;
}

export interface HistoryRequest {
  resourceType?: string;
  /** Without `resourceType` (history of the system): only these types; absent = every type. */
  resourceTypes?: string[];
  id?: string;
  /** Only versions with lastUpdated > since (any ISO 8601 instant; the store normalises it). */
  since?: string;
  /** Only versions with lastUpdated <= until (any ISO 8601 instant), for `_at`. */
  until?: string;
  /**
   * A condition on the versions besides the above (each version by its own stored fields, e.g.
   * `compartments`): what a caller confined to a patient's compartment may see.
   */
  filter?: StoreFilter;
  offset: number;
  count: number;
}

export interface HistoryResult {
  /** Newest first. */
  records: ResourceRecord[];
  total: number;
}

export interface ResourceStore {
  /** Connects and creates indexes; rolls back any unit of work a crash left half-applied. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Throws when the database cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  /** The current version (possibly a deleted tombstone), or undefined if never created. */
  read(resourceType: string, id: string): Promise<ResourceRecord | undefined>;
  vread(resourceType: string, id: string, versionId: string): Promise<ResourceRecord | undefined>;
  /**
   * Applies the writes all or nothing: either every record becomes the current version of its
   * resource (and is appended to history), or none does and the store is as before. Journalled,
   * so a crash in the middle is rolled back by recovery (mongo: at `init()` and periodically,
   * once the unit's heartbeat is stale); a unit that recovery rolled back while it ran fails
   * with `StoreUnitRolledBackError`.
   */
  commit(writes: ResourceWrite[]): Promise<void>;
  /**
   * Current, non-deleted resources matching the filter, ordered by `sort` with `_id` appended as
   * the tiebreaker. Arrays sort as MongoDB does: by their least element ascending, by their
   * greatest descending.
   */
  search(request: SearchRequest): Promise<SearchResult>;
  history(request: HistoryRequest): Promise<HistoryResult>;
  /**
   * Changes one stored version in place — its resource, idx and compartments — keeping its
   * versionId and lastUpdated: only for what the spec says creates no version ($meta-add and
   * $meta-delete, http://hl7.org/fhir/R4/resource-operation-meta-add.html). The history
   * document changes, and the current one too while it still is that version. False when the
   * version is not stored (or is a delete). Concurrent rewrites of one version: the last wins.
   */
  rewriteVersion(record: ResourceRecord): Promise<boolean>;
  /** Like `search`, the keys only: `limit` first matches in order, without resource bodies. */
  searchKeys(request: KeysRequest): Promise<RecordKey[]>;
  /** Keeps a search set until its `expiresAt`, readable by every process sharing the store. */
  saveSearchSet(set: SearchSet): Promise<void>;
  /** `count` keys of the set from `offset`; undefined when the set is unknown or expired at `now`. */
  readSearchSet(id: string, offset: number, count: number, now: string): Promise<SearchSetPage | undefined>;
  /** The AuditEvents' hash chain (chain-ledger.ts), shared by every process on the store. */
  readonly auditChain: ChainLedger;
}

export type StoreConflictKind = 'version' | 'unique';

/** A write lost a race: the expected version did not match, or a unique key was taken. */
export class StoreConflictError extends Error {
  constructor(
    readonly kind: StoreConflictKind,
    readonly resourceType: string,
    readonly id: string,
    /** For kind "unique": the key that was already held. */
    readonly uniqueKey?: string,
    /**
     * For kind "unique": the id of the resource holding the key, once its unit is finished
     * (absent while the holder is still being written: it cannot be judged stale yet).
     */
    readonly holderId?: string,
  ) {
    super(`store conflict (${kind}) on ${resourceType}/${id}`);
    this.name = 'StoreConflictError';
  }
}

/**
 * Another process's recovery took this unit of work for a crashed one (its heartbeat looked
 * stale) and rolled it back; the owner stopped applying and undid its own writes too. Nothing of
 * the unit is stored: the client may send it again.
 */
export class StoreUnitRolledBackError extends Error {
  constructor(readonly txn: string) {
    super(`unit of work ${txn} was rolled back by recovery`);
    this.name = 'StoreUnitRolledBackError';
  }
}

/**
 * A search or history read ran past the store's time limit (`searchTimeLimitMs` of the backend):
 * typically a filter no index serves on a large collection. Nothing is returned; the engine
 * answers `too-costly` rather than letting one query hold a connection and a CPU.
 */
export class StoreTimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`search exceeded the time limit of ${limitMs} ms`);
    this.name = 'StoreTimeLimitError';
  }
}

/**
 * The default of the mongo backend's `recoverAfterMs` (RECOVER_AFTER_MS): how long a unit's
 * owner may go without a heartbeat before another process takes the unit for crashed.
 */
export const DEFAULT_RECOVER_AFTER_MS = 30_000;

/** The default of `searchTimeLimitMs` in both backends. */
export const DEFAULT_SEARCH_TIME_LIMIT_MS = 5_000;
