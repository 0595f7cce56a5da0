import { OperationOutcomeError } from '../errors/outcome-error.js';
import type {
  HistoryRequest,
  HistoryResult,
  KeysRequest,
  RecordKey,
  ResourceRecord,
  ResourceStore,
  ResourceWrite,
  SearchRequest,
  SearchResult,
  SearchSet,
  SearchSetPage,
  StoreFilter,
} from '../store/port.js';
import type { Access } from './access.js';
import type { Permission } from './scopes.js';
import { compartmentFilter, visibility } from './visibility.js';

const WRITES: readonly Permission[] = ['c', 'u', 'd'];

/**
 * The store as one caller may see it: every interaction, Bundle entry, include, chain,
 * conditional match and operation of a request reads and writes through it, so nothing it
 * returns lies outside the caller's reach (SMART scopes-and-launch-context). Reads of what the
 * caller may not see answer "not there" (read → 404, as for a missing id: http.html#read allows
 * it), searches carry the compartment condition into the store's own filter (so paging and
 * totals count only what the caller sees), types out of reach are searched as empty, and a write
 * must find and leave its resource within reach (else 404 before, 403 after).
 */
export class ConfinedStore implements ResourceStore {
  /**
   * `reads`: the permissions a read serves — `r`; in a write (or a Bundle of them) also the
   * write's own `u`/`d`, since an update reads the version it replaces (the engine's gate has
   * checked the request's permissions themselves).
   */
  constructor(
    private readonly inner: ResourceStore,
    private readonly access: Access,
    private readonly reads: readonly Permission[] = ['r'],
  ) {}

  /** The audit chain's ledger is the server's, not the caller's: only the audit trail writes it. */
  get auditChain(): ResourceStore['auditChain'] {
    return this.inner.auditChain;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async read(resourceType: string, id: string): Promise<ResourceRecord | undefined> {
    const record = await this.inner.read(resourceType, id);
    return record && this.#sees(record, this.reads) ? record : undefined;
  }

  async vread(resourceType: string, id: string, versionId: string): Promise<ResourceRecord | undefined> {
    const record = await this.inner.vread(resourceType, id, versionId);
    return record && this.#sees(record, this.reads) ? record : undefined;
  }

  async commit(writes: ResourceWrite[]): Promise<void> {
    await this.assertWritable(writes);
    await this.inner.commit(writes);
  }

  /** Refuses writes outside what the caller may change (checked before a unit that joins server records). */
  async assertWritable(writes: ResourceWrite[]): Promise<void> {
    for (const write of writes) await this.#assertWritable(write.record);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const scope = this.#scope(request.resourceTypes, request.filter, ['s']);
    if (scope === undefined) return request.total ? { records: [], total: 0 } : { records: [] };
    return this.inner.search({ ...request, ...scope });
  }

  async searchKeys(request: KeysRequest): Promise<RecordKey[]> {
    const scope = this.#scope(request.resourceTypes, request.filter, ['s']);
    return scope === undefined ? [] : this.inner.searchKeys({ ...request, ...scope });
  }

  /**
   * History: the versions in reach, each version by its own compartments. The history of one
   * resource is a read of it (`r`); of a type or the system it is a search-like read (`s`), as
   * the engine's gate has it (SMART scopes-and-launch-context: `s` is "search", and these list
   * resources the caller names no id of). History of the system covers only the types the caller
   * may search (`resourceTypes`, which it must be given).
   */
  async history(request: HistoryRequest): Promise<HistoryResult> {
    const types = request.resourceType !== undefined ? [request.resourceType] : request.resourceTypes;
    if (types === undefined) throw new Error('history of the system through a ConfinedStore needs resourceTypes');
    const scope = this.#scope(types, request.filter ?? {}, request.id !== undefined ? this.reads : ['s']);
    if (scope === undefined) return { records: [], total: 0 };
    const narrowed: HistoryRequest = { ...request, filter: scope.filter };
    if (request.resourceType === undefined) narrowed.resourceTypes = scope.resourceTypes;
    return this.inner.history(narrowed);
  }

  async rewriteVersion(record: ResourceRecord): Promise<boolean> {
    const stored = await this.inner.vread(record.resourceType, record.id, record.versionId);
    if (!stored || !this.#sees(stored, ['u'])) return false;
    await this.#assertWritable(record);
    return this.inner.rewriteVersion(record);
  }

  /** A search set belongs to the caller that made it: another caller's link finds none (410). */
  saveSearchSet(set: SearchSet): Promise<void> {
    return this.inner.saveSearchSet({ ...set, id: this.#ownSet(set.id) });
  }

  readSearchSet(id: string, offset: number, count: number, now: string): Promise<SearchSetPage | undefined> {
    return this.inner.readSearchSet(this.#ownSet(id), offset, count, now);
  }

  #ownSet(id: string): string {
    return `${id}|${this.access.clientId ?? ''}|${this.access.patient ?? ''}`;
  }

  /** Whether the caller may see this version (a delete by the compartments of what it deleted). */
  #sees(record: ResourceRecord, permissions: readonly Permission[]): boolean {
    const seen = visibility(this.access, record.resourceType, ...permissions);
    return seen.kind === 'all' || (seen.kind === 'confined' && seen.admits(record));
  }

  /**
   * A write must find its resource in reach (an existing one out of reach is 404, the answer a
   * missing one gets; another patient's deleted id too, so it cannot be taken over by
   * re-creating it) and leave it in reach (a resource written into another patient's
   * compartment, or out of every compartment, is 403). Confined to a patient, it may write only
   * what is in that patient's compartment alone, before and after: a resource also in another
   * patient's (pa performed pb's Observation) is that patient's data too, which a launch for pa
   * may read but neither change, delete nor move out of pb's record (403; SMART
   * scopes-and-launch-context#patient-specific-scopes: "the current patient's" data).
   */
  async #assertWritable(record: ResourceRecord): Promise<void> {
    const { resourceType, id } = record;
    // A caller whose writes reach the whole type (a backend service) costs no extra read.
    if (WRITES.every((permission) => visibility(this.access, resourceType, permission).kind === 'all')) return;
    const current = await this.inner.read(resourceType, id);
    const live = current !== undefined && !current.deleted;
    const before =
      current === undefined ? 'writable' : this.#writable(current, record.deleted ? ['d'] : live ? ['u'] : ['c', 'u']);
    // Shared with another patient, it is named (403) only to a caller who may read it anyway.
    if (before === 'hidden' || (before === 'shared' && current !== undefined && !this.#sees(current, ['r']))) {
      throw OperationOutcomeError.of('not-found', `${resourceType}/${id} is not known`, undefined, 404);
    }
    const after = record.deleted ? 'writable' : this.#writable(record, live ? ['u'] : ['c', 'u']);
    if (before === 'shared' || after === 'shared') {
      throw OperationOutcomeError.of(
        'forbidden',
        `${resourceType}/${id} is also in another patient's compartment: this access token may not change it`,
        undefined,
        403,
      );
    }
    if (after === 'hidden') {
      throw OperationOutcomeError.of(
        'forbidden',
        `${resourceType}/${id} would be outside what this access token may write (the patient's compartment)`,
        undefined,
        403,
      );
    }
  }

  /** Whether `permissions` write this version: in reach, out of it, or shared with another patient's compartment. */
  #writable(record: ResourceRecord, permissions: readonly Permission[]): 'writable' | 'hidden' | 'shared' {
    const seen = visibility(this.access, record.resourceType, ...permissions);
    if (seen.kind === 'all') return 'writable';
    if (seen.kind === 'none' || !seen.admits(record)) return 'hidden';
    const own = `Patient/${seen.patient}`;
    return record.compartments.some((member) => member.startsWith('Patient/') && member !== own)
      ? 'shared'
      : 'writable';
  }

  /**
   * The types of a search the caller may search, with their condition; undefined when none is.
   * One store filter serves all the types of a search, so with several types and any of them
   * confined, all are confined to the patient's compartment (narrower, never wider).
   */
  #scope(
    types: string[],
    filter: StoreFilter,
    permissions: readonly Permission[],
  ): { resourceTypes: string[]; filter: StoreFilter } | undefined {
    const seen = types
      .map((type) => ({ type, seen: visibility(this.access, type, ...permissions) }))
      .filter(({ seen }) => seen.kind !== 'none');
    if (seen.length === 0) return undefined;
    const resourceTypes = seen.map(({ type }) => type);
    const confined = seen.flatMap(({ seen }) => (seen.kind === 'confined' ? [seen] : []));
    const [first] = confined;
    if (first === undefined) return { resourceTypes, filter };
    const condition = seen.length === 1 ? first.filter : compartmentFilter(first.patient);
    return { resourceTypes, filter: conjunction(filter, condition) };
  }
}

/** `a AND b`, keeping a flat `$and` so the memory store's equality index sees every term. */
function conjunction(a: StoreFilter | undefined, b: StoreFilter): StoreFilter {
  if (a === undefined || Object.keys(a).length === 0) return b;
  const terms = Array.isArray(a.$and) && Object.keys(a).length === 1 ? (a.$and as StoreFilter[]) : [a];
  return { $and: [...terms, b] };
}
