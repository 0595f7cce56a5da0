import type { AuditChain } from '../audit/audit-chain.js';
import { ConfinedStore } from '../auth/confined-store.js';
import type { ResourceStore, ResourceWrite } from '../store/port.js';
import type { FhirResult } from './fhir-request.js';

/**
 * The success AuditEvent of a write, committed in the same unit of work as the write itself
 * (DESIGN "A request's way": validate → authorize → store → audit, one unit of work): the
 * journal applies or rolls back both, so a crash or a failed audit append can never leave a
 * change without its record, nor a record of success for a change that was rolled back.
 * The engine gives one to each write request (and to a transaction: one unit, one event);
 * the first commit of the request takes it, a request that commits nothing leaves it unused
 * and the engine appends the event to the trail as for a read.
 */
export class UnitAudit {
  #written = false;

  constructor(
    private readonly chain: AuditChain,
    /** The store the unit is written with: unconfined, since the AuditEvent is the server's record. */
    private readonly store: Pick<ResourceStore, 'commit'>,
    /** The caller's store: the request's own writes must stay within what it may change. */
    private readonly callerStore: ResourceStore,
    /** The create of the AuditEvent recording `result` (a new one per attempt: a lost race prepares again). */
    private readonly eventWrite: (result: FhirResult) => ResourceWrite,
  ) {}

  /** Whether the AuditEvent went into a committed unit. */
  get written(): boolean {
    return this.#written;
  }

  /** Commits `writes` with the AuditEvent of `result` (once per request). */
  async commit(writes: ResourceWrite[], result: FhirResult): Promise<void> {
    if (this.callerStore instanceof ConfinedStore) await this.callerStore.assertWritable(writes);
    await this.chain.commit([...writes, this.eventWrite(result)], this.store);
    this.#written = true;
  }
}
