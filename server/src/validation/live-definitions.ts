import type { Logger } from '../interactions/engine-context.js';
import { isError } from '@nexushealth/profiles';
import { FollowedTypes } from '../store/followed-types.js';
import type { ResourceRecord, ResourceStore } from '../store/port.js';
import { DEFINITION_TYPES, type ResourceValidator } from './resource-validator.js';

const PAGE = 500;

/**
 * The StructureDefinitions, ValueSets and CodeSystems stored on this server, in force for
 * validation (http://hl7.org/fhir/R4/validation.html). Like live SearchParameters, every process
 * sharing the database follows the store: `refreshIfDue` compares the newest version of each of
 * the three types in history (cheap reads, at most every `checkEveryMs`) and on a change puts
 * new and changed definitions in force and takes deleted ones out; the process that wrote one
 * calls `refresh` right after the write, so its next request already validates with it.
 */
export class LiveDefinitions {
  readonly #followed: FollowedTypes;
  /** `Type/id` of each stored definition in force → its versionId. */
  readonly #inForce = new Map<string, string>();

  constructor(
    private readonly validator: ResourceValidator,
    private readonly store: ResourceStore,
    private readonly logger: Logger,
    checkEveryMs = 5000,
  ) {
    this.#followed = new FollowedTypes(store, DEFINITION_TYPES, checkEveryMs);
  }

  async refreshIfDue(now = Date.now()): Promise<void> {
    if (this.#followed.due(now)) await this.refresh();
  }

  /** Reloads when a stored definition changed since the last look (after the reloads under way). */
  refresh(): Promise<void> {
    return this.#followed.refresh(async () => this.#apply(await this.#storedDefinitions()));
  }

  /** The current stored definitions, terminology first (profiles bind to it). */
  async #storedDefinitions(): Promise<ResourceRecord[]> {
    const all: ResourceRecord[] = [];
    for (const resourceType of ['ValueSet', 'CodeSystem', 'StructureDefinition']) {
      for (let offset = 0; ; offset += PAGE) {
        const { records } = await this.store.search({
          resourceTypes: [resourceType],
          filter: {},
          sort: [['id', 1]],
          offset,
          count: PAGE,
          total: false,
        });
        all.push(...records);
        if (records.length < PAGE) break;
      }
    }
    return all;
  }

  /** Takes out what is gone or changed, then puts in what is new or changed. */
  #apply(records: ResourceRecord[]): void {
    const stored = new Map(records.map((r) => [`${r.resourceType}/${r.id}`, r]));
    for (const [key, versionId] of this.#inForce) {
      if (stored.get(key)?.versionId === versionId) continue;
      this.validator.removeDefinition(key);
      this.#inForce.delete(key);
    }
    let pending = records.filter((r) => !this.#inForce.has(`${r.resourceType}/${r.id}`));
    // A profile may build on another stored one: what fails is tried again after each pass that added something.
    for (let added = true; added && pending.length > 0;) {
      const before = pending.length;
      pending = pending.filter((record) => !this.#add(record));
      added = pending.length < before;
    }
    // Among them those stored before their url was owned (R4 core, project, IG packages): never applied.
    for (const record of pending) {
      this.logger.warn('stored definition not applied', { resourceType: record.resourceType, id: record.id });
    }
  }

  #add(record: ResourceRecord): boolean {
    const key = `${record.resourceType}/${record.id}`;
    if (!record.resource || this.validator.addDefinition(record.resource, key).some(isError)) return false;
    this.#inForce.set(key, record.versionId);
    return true;
  }
}
