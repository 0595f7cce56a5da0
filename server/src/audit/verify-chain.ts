import type { AuditEvent } from '@medplum/fhirtypes';
import type { ChainedEventRef, ChainLink } from '../store/chain-ledger.js';
import type { ResourceStore } from '../store/port.js';
import { chainPosition, eventHash, GENESIS_HASH } from './chain-extension.js';

/**
 * `altered`, `missing`, `out-of-order`: the trail was changed after it was written. `gap`: a
 * link was claimed (longer ago than the grace) and none of its events was ever stored — a
 * process died or its write failed after claiming (or every event of the link was deleted with
 * its history: the two cannot be told apart from the database alone).
 */
export type ChainBreakReason = 'altered' | 'missing' | 'out-of-order' | 'gap';

/** A place where the chain does not hold. */
export interface ChainBreak {
  sequence: number;
  reason: ChainBreakReason;
  /** What was found, by ids and sequence numbers (AuditEvents hold no PHI in their ids). */
  detail: string;
  /** The last sequence of the run the break covers, when it covers more than one. */
  through?: number;
  /** When the link of a `gap` was claimed. */
  claimedAt?: string;
}

/** A link whose unit failed and was rolled back: listed, so a void cannot pass silently. */
export interface VoidedLink {
  sequence: number;
  through: number;
  reason: string;
  claimedAt: string;
  voidedAt?: string;
}

export interface ChainReport {
  /** No event altered, missing or out of order (gaps and voids are listed, not counted here). */
  valid: boolean;
  /** The first sequence of the walk. */
  from: number;
  /** Events checked. */
  checked: number;
  /** The last sequence number walked, and its hash (an auditor may note it down as an anchor). */
  lastSequence: number;
  lastHash: string;
  /** Voided links by first sequence number, and what each says. */
  voided: number[];
  voids: VoidedLink[];
  /** Links claimed so recently that their unit may still be committing: the walk stops before them. */
  pendingFrom?: number;
  /** Where to go on (`from`) when the walk stopped at `count` before the chain's end. */
  nextFrom?: number;
  /** The first break, and every one (gaps included), in sequence order. */
  break?: ChainBreak;
  breaks: ChainBreak[];
}

export type VerifiedStore = Pick<ResourceStore, 'auditChain' | 'read' | 'vread'>;

export interface VerifyOptions {
  /** A link younger than this whose events are not there yet is in flight, not broken. Default 60 s. */
  pendingGraceMs?: number;
  now?: () => Date;
  /** The first sequence to check (default 1); the link holding it is taken as chained to what precedes. */
  from?: number;
  /** How many sequences to walk at most (whole links: it may run over by the last link's size). */
  count?: number;
}

/** Sequences read per page: one ledger query, then every event of the page concurrently. */
const PAGE = 200;

/**
 * Walks the audit chain from `from` (1) over `count` sequences (to the last link claimed when
 * the walk began) and reports every break, not only the first: a sequence no link claims, or
 * whose event is gone (`missing`); an event or link that does not follow its predecessor
 * (`out-of-order`); an event whose content, current or first version no longer hashes to what
 * the chain recorded (`altered`); a link claimed whose events were never stored (`gap`). After
 * a break the walk goes on from the link's own record of its hashes, so one crash or one
 * deletion does not hide what comes after it. Truncating the tail (the last events and their
 * links) leaves a shorter valid chain: compare `lastSequence`/`lastHash` with a value noted
 * earlier (README.md beside this file: the external anchor).
 */
export async function verifyChain(store: VerifiedStore, options: VerifyOptions = {}): Promise<ChainReport> {
  const grace = options.pendingGraceMs ?? 60_000;
  const now = (options.now ?? (() => new Date()))().getTime();
  const from = Math.max(1, Math.floor(options.from ?? 1));
  const report: ChainReport = {
    valid: true,
    from,
    checked: 0,
    lastSequence: from - 1,
    lastHash: from === 1 ? GENESIS_HASH : '',
    voided: [],
    voids: [],
    breaks: [],
  };
  const end = await store.auditChain.last();
  const chainEnd = end ? end.sequence + end.events.length : 1;
  const stop = options.count === undefined ? chainEnd : Math.min(chainEnd, from + Math.max(1, options.count));
  const walk: Walk = { report, cursor: from, expected: from === 1 ? GENESIS_HASH : undefined };
  while (walk.cursor < stop) {
    const links = await store.auditChain.range(walk.cursor, Math.min(stop, walk.cursor + PAGE));
    if (links.length === 0) {
      const next = await store.auditChain.next(walk.cursor - 1);
      missingLinks(walk, next && next.sequence < stop ? next.sequence : stop);
      continue;
    }
    const checks = await Promise.all(
      links.map((link) => checkLink(store, link, now - Date.parse(link.claimedAt) < grace)),
    );
    for (const [i, link] of links.entries()) {
      if (!record(walk, link, checks[i] as LinkCheck)) return finish(report);
    }
  }
  if (walk.cursor < chainEnd) report.nextFrom = walk.cursor;
  return finish(report);
}

interface Walk {
  report: ChainReport;
  /** The next sequence to account for. */
  cursor: number;
  /** The hash the next link must chain to; undefined after a missing run (taken from the link). */
  expected: string | undefined;
}

/** Per event of a link: a break, `pending` / `absent` (never stored), or undefined (holds). */
type EventCheck = ChainBreak | 'pending' | 'absent' | undefined;
type LinkCheck = EventCheck[];

function finish(report: ChainReport): ChainReport {
  report.breaks.sort((a, b) => a.sequence - b.sequence);
  report.valid = report.breaks.every((found) => found.reason === 'gap');
  if (report.breaks[0]) report.break = report.breaks[0];
  return report;
}

function missingLinks(walk: Walk, until: number): void {
  const through = until - 1;
  const after = `; the chain goes on at ${until}`;
  walk.report.breaks.push({
    sequence: walk.cursor,
    reason: 'missing',
    detail: `no link claims sequence ${walk.cursor}${through > walk.cursor ? `..${through}` : ''}${after}`,
    ...(through > walk.cursor ? { through } : {}),
  });
  walk.cursor = until;
  walk.expected = undefined;
}

/** Accounts for one link in the walk; false when the walk stops (a link still committing). */
function record(walk: Walk, link: ChainLink, checks: LinkCheck): boolean {
  const { report } = walk;
  const linkEnd = link.sequence + link.events.length;
  const skip = Math.max(0, walk.cursor - link.sequence);
  if (skip > 0 && walk.cursor !== report.from) {
    report.breaks.push({
      sequence: link.sequence,
      reason: 'out-of-order',
      detail: `the link at ${link.sequence} overlaps another`,
    });
    return true;
  }
  if (link.sequence > walk.cursor) missingLinks(walk, link.sequence);
  const previous = skip > 0 ? link.events[skip - 1]?.hash : link.previousHash;
  if ((walk.expected !== undefined && previous !== walk.expected) || link.events.length === 0) {
    report.breaks.push({
      sequence: link.sequence,
      reason: 'out-of-order',
      detail: `the link at ${link.sequence} does not chain to ${link.sequence - 1}`,
    });
  }
  const own = checks.slice(skip);
  if (own.includes('pending')) {
    report.pendingFrom = link.sequence + skip + own.indexOf('pending');
    return false;
  }
  if (link.voided !== undefined) noteVoid(report, link);
  else if (own.length > 0 && own.every((check) => check === 'absent')) {
    report.breaks.push({
      sequence: link.sequence + skip,
      through: linkEnd - 1,
      claimedAt: link.claimedAt,
      reason: 'gap',
      detail:
        `link ${link.sequence}..${linkEnd - 1} claimed at ${link.claimedAt} and none of its events stored: ` +
        'a process died or a write failed after claiming',
    });
  }
  for (const [i, check] of own.entries()) {
    if (check === 'absent' && link.voided === undefined && own.some((c) => c !== 'absent')) {
      const ref = link.events[skip + i] as ChainedEventRef;
      report.breaks.push(missingEvent(link.sequence + skip + i, ref.id));
    } else if (typeof check === 'object') report.breaks.push(check);
    else if (check === undefined && link.voided === undefined) report.checked += 1;
  }
  report.lastSequence = linkEnd - 1;
  report.lastHash = link.events[link.events.length - 1]?.hash ?? link.previousHash;
  walk.expected = report.lastHash;
  walk.cursor = linkEnd;
  return true;
}

function noteVoid(report: ChainReport, link: ChainLink): void {
  report.voided.push(link.sequence);
  report.voids.push({
    sequence: link.sequence,
    through: link.sequence + link.events.length - 1,
    reason: link.voided ?? '',
    claimedAt: link.claimedAt,
    ...(link.voidedAt ? { voidedAt: link.voidedAt } : {}),
  });
}

function missingEvent(sequence: number, id: string): ChainBreak {
  return {
    sequence,
    reason: 'missing',
    detail: `AuditEvent/${id} is gone (deleted; other events of its link are stored)`,
  };
}

function checkLink(store: VerifiedStore, link: ChainLink, pending: boolean): Promise<LinkCheck> {
  return Promise.all(link.events.map((_ref, i) => checkEvent(store, link, i, pending)));
}

/**
 * One event against its link: present (unless voided), in place, and hashing to the recorded
 * hash. `pending`: the link is recent, so an event never stored yet may still be committing.
 */
async function checkEvent(store: VerifiedStore, link: ChainLink, index: number, pending: boolean): Promise<EventCheck> {
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
  if (current === undefined && first === undefined) return pending ? 'pending' : 'absent';
  if (current?.resource === undefined || current.deleted) return missingEvent(sequence, ref.id);
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
