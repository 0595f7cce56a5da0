import type { AuditEvent } from '@medplum/fhirtypes';
import type { ChainLedger, ChainLink } from '../store/chain-ledger.js';
import type { ResourceStore, ResourceWrite } from '../store/port.js';
import { chained, chainPosition, GENESIS_HASH } from './chain-extension.js';

/** Where the next link goes, as far as this process knows. */
interface ChainHead {
  sequence: number;
  hash: string;
}

/** Claims lost in a row before a unit gives up (each loss means another writer appended). */
const MAX_CLAIM_ATTEMPTS = 100;

/**
 * Puts the AuditEvents of every unit of work into one hash chain, whichever process writes them:
 * a unit that creates AuditEvents first claims the next run of sequence numbers in the ledger
 * (an insert keyed by the first one: atomic on FerretDB too), stamps each event with its
 * sequence, the previous event's hash and its own (chain-extension.ts), then commits. Claims
 * are serialised within the process (a claim is one round trip; the commits that follow run
 * concurrently), and a unit of many events — GroupCommit's — claims once for all of them.
 *
 * A unit that fails after its claim voids the link (its events were rolled back); a process
 * that dies between claim and commit leaves a link whose events are missing, which the
 * verifier reports as a break: the gap is never silent.
 */
export class AuditChain {
  #head: ChainHead | undefined;
  #claiming: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Pick<ResourceStore, 'commit' | 'auditChain'>) {}

  /**
   * `through.commit(writes)`, with the unit's AuditEvent creates chained first. `through`: the
   * store the unit is written with — a caller's confined one (auth/confined-store.ts) for the
   * interactions, the engine's own for the audit trail; the ledger is always the server's.
   */
  async commit(writes: ResourceWrite[], through: Pick<ResourceStore, 'commit'> = this.store): Promise<void> {
    const appended = writes.filter(isAuditAppend);
    if (appended.length === 0) return through.commit(writes);
    const link = await this.#serialised(() => this.#claim(appended));
    try {
      await through.commit(writes);
    } catch (error) {
      await this.ledger.void(link.sequence, error instanceof Error ? error.name : 'failed').catch(() => undefined);
      throw error;
    }
  }

  private get ledger(): ChainLedger {
    return this.store.auditChain;
  }

  #serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#claiming.then(task, task);
    this.#claiming = run.catch(() => undefined);
    return run;
  }

  async #claim(appended: ResourceWrite[]): Promise<ChainLink> {
    const originals = appended.map((write) => write.record.resource as AuditEvent);
    let head = this.#head ?? (await this.#loadHead());
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const link = this.#stamp(appended, originals, head);
      if (await this.ledger.claim(link)) {
        this.#head = headAfter(link);
        return link;
      }
      head = await this.#catchUp(head);
    }
    throw new Error(`no audit chain sequence claimed after ${MAX_CLAIM_ATTEMPTS} attempts`);
  }

  /** Stamps the events from `head` on (into the writes) and returns the link that claims them. */
  #stamp(appended: ResourceWrite[], originals: AuditEvent[], head: ChainHead): ChainLink {
    let previousHash = head.hash;
    const events = originals.map((event, index) => {
      const stamped = chained(event, head.sequence + index, previousHash);
      (appended[index] as ResourceWrite).record.resource = stamped;
      previousHash = chainPosition(stamped)?.hash ?? '';
      return { id: stamped.id ?? '', hash: previousHash };
    });
    return { sequence: head.sequence, events, previousHash: head.hash, claimedAt: new Date().toISOString() };
  }

  async #loadHead(): Promise<ChainHead> {
    const last = await this.ledger.last();
    return last ? headAfter(last) : { sequence: 1, hash: GENESIS_HASH };
  }

  /** Follows the links other writers claimed from `head` on, by key (no scan). */
  async #catchUp(head: ChainHead): Promise<ChainHead> {
    let current = head;
    for (let link = await this.ledger.read(current.sequence); link; link = await this.ledger.read(current.sequence)) {
      current = headAfter(link);
    }
    return current;
  }
}

function headAfter(link: ChainLink): ChainHead {
  const last = link.events[link.events.length - 1];
  return { sequence: link.sequence + link.events.length, hash: last?.hash ?? link.previousHash };
}

/** A new AuditEvent (created, never a later version: AuditEvents are append-only). */
function isAuditAppend(write: ResourceWrite): boolean {
  return write.record.resourceType === 'AuditEvent' && write.expectedVersionId === null && !write.record.deleted;
}
