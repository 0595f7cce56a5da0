import type { AuditEvent } from '@medplum/fhirtypes';
import type { ChainedEventRef, ChainLink } from '../store/chain-ledger.js';
import type { ResourceStore } from '../store/port.js';
import { chainPosition, eventHash, GENESIS_HASH } from './chain-extension.js';

export type ChainBreakReason = 'altered' | 'missing' | 'out-of-order';

/** The first place where the chain does not hold. */
export interface ChainBreak {
  sequence: number;
  reason: ChainBreakReason;
  /** What was found, by ids and sequence numbers (AuditEvents hold no PHI in their ids). */
  detail: string;
}

export interface ChainReport {
  valid: boolean;
  /** Events checked, from sequence 1 on. */
  checked: number;
  /** The last sequence number verified, and its hash (an auditor may note it down as an anchor). */
  lastSequence: number;
  lastHash: string;
  /** Links whose unit failed and was rolled back, by first sequence number. */
  voided: number[];
  /** Links claimed so recently that their unit may still be committing: the walk stops before them. */
  pendingFrom?: number;
  break?: ChainBreak;
}

export type VerifiedStore = Pick<ResourceStore, 'auditChain' | 'read' | 'vread'>;

export interface VerifyOptions {
  /** A link younger than this whose events are not there yet is in flight, not broken. Default 60 s. */
  pendingGraceMs?: number;
  now?: () => Date;
}

/**
 * Walks the audit chain from sequence 1 to the last link claimed when the walk began, and
 * reports the first break: a sequence no link claims or whose event is gone (`missing`), an
 * event or link that does not follow its predecessor (`out-of-order`), an event whose content,
 * current or first version no longer hashes to what the chain recorded (`altered`).
 * Truncating the tail (the last events and their links) leaves a shorter valid chain: compare
 * `lastSequence`/`lastHash` with a value noted earlier to see it.
 */
export async function verifyChain(store: VerifiedStore, options: VerifyOptions = {}): Promise<ChainReport> {
  const grace = options.pendingGraceMs ?? 60_000;
  const now = (options.now ?? (() => new Date()))().getTime();
  const report: ChainReport = { valid: true, checked: 0, lastSequence: 0, lastHash: GENESIS_HASH, voided: [] };
  const fail = (found: ChainBreak): ChainReport => ({ ...report, valid: false, break: found });
  const end = await store.auditChain.last();
  let sequence = 1;
  while (end !== undefined && sequence <= end.sequence) {
    const link = await store.auditChain.read(sequence);
    if (link === undefined) return fail(await missingLink(store, sequence));
    if (link.previousHash !== report.lastHash || link.events.length === 0) {
      return fail({
        sequence,
        reason: 'out-of-order',
        detail: `the link at ${sequence} does not chain to ${sequence - 1}`,
      });
    }
    const pending = now - Date.parse(link.claimedAt) < grace;
    const problems = await Promise.all(link.events.map((_ref, i) => checkEvent(store, link, i, pending)));
    for (const [i, problem] of problems.entries()) {
      if (problem === 'pending') return { ...report, pendingFrom: sequence + i };
      if (problem) return fail(problem);
      report.checked += 1;
      report.lastSequence = sequence + i;
      report.lastHash = link.events[i]?.hash ?? '';
    }
    if (link.voided !== undefined) report.voided.push(link.sequence);
    sequence += link.events.length;
  }
  if (end !== undefined && sequence !== end.sequence + end.events.length) {
    return fail({
      sequence: end.sequence,
      reason: 'out-of-order',
      detail: `the link at ${end.sequence} overlaps another`,
    });
  }
  return report;
}

async function missingLink(store: VerifiedStore, sequence: number): Promise<ChainBreak> {
  const next = await store.auditChain.next(sequence);
  const after = next ? `; the chain goes on at ${next.sequence}` : '';
  return { sequence, reason: 'missing', detail: `no link claims sequence ${sequence}${after}` };
}

/**
 * One event against its link: present (unless voided), in place, and hashing to the recorded
 * hash. `pending`: the link is recent, so an event never stored yet may still be committing.
 */
async function checkEvent(
  store: VerifiedStore,
  link: ChainLink,
  index: number,
  pending: boolean,
): Promise<ChainBreak | 'pending' | undefined> {
  const sequence = link.sequence + index;
  const ref = link.events[index] as ChainedEventRef;
  const previousHash = index === 0 ? link.previousHash : (link.events[index - 1]?.hash ?? '');
  const [current, first] = await Promise.all([
    store.read('AuditEvent', ref.id),
    store.vread('AuditEvent', ref.id, '1'),
  ]);
  const broken = (reason: ChainBreakReason, detail: string): ChainBreak => ({ sequence, reason, detail });
  // A voided link's events were rolled back: only one stored under its sequence after all is checked.
  if (link.voided !== undefined && chainPosition(current?.resource as AuditEvent)?.sequence !== sequence) {
    return undefined;
  }
  if (current === undefined && first === undefined && pending) return 'pending';
  if (current?.resource === undefined || current.deleted) {
    return broken('missing', `AuditEvent/${ref.id} is gone (deleted, or its writer stopped before storing it)`);
  }
  if (current.versionId !== '1' || first?.resource === undefined) {
    return broken('altered', `AuditEvent/${ref.id} has versions besides its first`);
  }
  const position = chainPosition(current.resource as AuditEvent);
  if (position === undefined) return broken('altered', `AuditEvent/${ref.id} lost its chain extension`);
  if (position.sequence !== sequence || position.previousHash !== previousHash) {
    return broken('out-of-order', `AuditEvent/${ref.id} says it is ${position.sequence}, not ${sequence}`);
  }
  for (const [what, event] of [
    ['current', current.resource],
    ['first version', first.resource],
  ] as const) {
    if (eventHash(event as AuditEvent) !== ref.hash || position.hash !== ref.hash) {
      return broken('altered', `AuditEvent/${ref.id} (${what}) does not hash to what the chain recorded`);
    }
  }
  return undefined;
}
