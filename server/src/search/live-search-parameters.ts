import type { SearchParameter } from '@medplum/fhirtypes';
import { checkSearchParameter, type SearchParameterRegistry } from '@nexushealth/conformance';
import type { Logger } from '../interactions/engine-context.js';
import { FollowedTypes } from '../store/followed-types.js';
import type { ResourceStore } from '../store/port.js';
import { reindexType } from './reindex.js';

/** How many stored SearchParameters are loaded (each is compiled per base type). */
const MAX_CUSTOM = 1000;

/**
 * The registry in force: the R4 base plus the active SearchParameter resources stored on this
 * server (http://hl7.org/fhir/R4/searchparameter.html). Every process sharing the database
 * follows the store: `refreshIfDue` compares the newest SearchParameter version in history (one
 * cheap read, at most every `checkEveryMs`) and reloads on a change; the process that wrote it
 * calls `refresh` right after the write, so its next request already indexes and searches with
 * it. After a change the resources of the affected base types are reindexed in the background.
 */
export class LiveSearchParameters {
  #registry: SearchParameterRegistry;
  readonly #followed: FollowedTypes;
  #accepted: SearchParameter[] = [];
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly base: SearchParameterRegistry,
    private readonly store: ResourceStore,
    private readonly logger: Logger,
    checkEveryMs = 5000,
  ) {
    this.#registry = base;
    this.#followed = new FollowedTypes(store, ['SearchParameter'], checkEveryMs);
  }

  get registry(): SearchParameterRegistry {
    return this.#registry;
  }

  /** Resolves when the reindex jobs started so far have finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#running;
  }

  async refreshIfDue(now = Date.now()): Promise<void> {
    if (this.#followed.due(now)) await this.refresh({ reindex: false });
  }

  /**
   * Reloads when the stored SearchParameters changed (after the reloads under way); with
   * `reindex`, reindexes what changed.
   */
  refresh({ reindex }: { reindex: boolean }): Promise<void> {
    return this.#followed.refresh(async () => {
      const changedTypes = await this.#load();
      if (reindex && changedTypes.length > 0) this.#reindex(changedTypes);
    });
  }

  /** Builds the registry from the active stored parameters; the base types whose set changed. */
  async #load(): Promise<string[]> {
    const { records } = await this.store.search({
      resourceTypes: ['SearchParameter'],
      filter: {},
      sort: [['id', 1]],
      offset: 0,
      count: MAX_CUSTOM,
      total: false,
    });
    const accepted: SearchParameter[] = [];
    for (const record of records) {
      const parameter = record.resource as SearchParameter | undefined;
      if (parameter?.status !== 'active') continue;
      if (checkSearchParameter(parameter, this.base.extend(accepted)).length === 0) accepted.push(parameter);
      else this.logger.warn('stored SearchParameter not applied', { id: record.id });
    }
    const before = new Map(this.#accepted.map((p) => [p.url, signature(p)]));
    const after = new Map(accepted.map((p) => [p.url, signature(p)]));
    const changed = [...this.#accepted, ...accepted].filter((p) => before.get(p.url) !== after.get(p.url));
    this.#accepted = accepted;
    this.#registry = this.base.extend(accepted);
    return [...new Set(changed.flatMap((p) => p.base ?? []))];
  }

  /** One reindex after another, each of the types with the registry in force when it starts. */
  #reindex(types: string[]): void {
    this.#running = this.#running.then(async () => {
      for (const resourceType of types) {
        try {
          const progress = await reindexType(this.store, this.#registry, resourceType, this.logger);
          this.logger.info('reindexed', { ...progress });
        } catch (error) {
          this.logger.error('reindex failed', { resourceType, error: error instanceof Error ? error.name : 'unknown' });
        }
      }
    });
  }
}

/** What decides a parameter's index: a change in any of these means reindexing its bases. */
function signature(p: SearchParameter): string {
  return JSON.stringify([p.base, p.code, p.type, p.expression]);
}
