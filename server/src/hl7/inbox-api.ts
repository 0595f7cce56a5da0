import type { Hl7Inbox, InboxEntry, InboxStatus } from '@nexushealth/adapters';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { Logger } from '../interactions/engine-context.js';
import { withoutMessage } from '../logging/json-logger.js';
import { inboxEntryView, type InboxEntryView } from './inbox-view.js';

const STATUSES: readonly InboxStatus[] = ['received', 'processed', 'failed', 'dead-lettered'];
const DEFAULT_COUNT = 50;
const MAX_COUNT = 1000;
/** Most dead letters one `$replay` without ids takes (the rest: call again). */
const MAX_REPLAY = 1000;

export interface InboxListParams {
  status?: string;
  _count?: string;
  after?: string;
  _include?: string;
}

export interface InboxPage {
  entries: InboxEntryView[];
  /** The `after` of the next page, when this one is full. */
  next?: number;
}

export interface ReplayResult {
  replayed: InboxEntryView[];
  /** Ids asked for that are no dead letter (unknown, or not final), and why. */
  skipped: { id: string; reason: string }[];
}

/**
 * The inbox API's handlers (Koa-free; hl7/http/ maps them to URLs): list and read entries, replay
 * one or many. A replay is `inbox.reset` then `enqueue` of the id; the job's result is not awaited
 * (a worker may be busy or in another process), and a failed enqueue is only logged: the entry is
 * `received` again, which the worker's sweep re-queues.
 */
export class Hl7InboxApi {
  constructor(
    private readonly inbox: Hl7Inbox,
    private readonly enqueue: (entryId: string) => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  async list(params: InboxListParams, only?: InboxStatus): Promise<InboxPage> {
    const status = only ?? statusParam(params.status);
    const limit = integerParam(params._count, '_count', 1, MAX_COUNT) ?? DEFAULT_COUNT;
    const afterSeq = integerParam(params.after, 'after', 0, Number.MAX_SAFE_INTEGER);
    const withRaw = includeRaw(params._include);
    const entries = await this.inbox.list({
      limit,
      ...(status === undefined ? {} : { status }),
      ...(afterSeq === undefined ? {} : { afterSeq }),
    });
    const page: InboxPage = { entries: entries.map((entry) => inboxEntryView(entry, withRaw)) };
    const last = entries.at(-1);
    if (entries.length === limit && last !== undefined) page.next = last.seq;
    return page;
  }

  async read(id: string): Promise<InboxEntryView> {
    return inboxEntryView(await this.#entry(id), true);
  }

  /** Replays one final entry (processed or dead-lettered); 409 while it is still pending. */
  async replay(id: string): Promise<InboxEntryView> {
    const entry = await this.#entry(id);
    if (entry.status === 'received' || entry.status === 'failed')
      throw OperationOutcomeError.of('conflict', `inbox entry ${id} is still ${entry.status}: it is not final yet`);
    return inboxEntryView(await this.#replayed(id), false);
  }

  /** Replays the dead letters named by `ids`, else all (up to MAX_REPLAY). */
  async replayDeadLetters(ids?: readonly string[]): Promise<ReplayResult> {
    const result: ReplayResult = { replayed: [], skipped: [] };
    const targets = ids ?? (await this.inbox.list({ status: 'dead-lettered', limit: MAX_REPLAY })).map((e) => e.id);
    for (const id of targets) {
      const entry = await this.inbox.get(id);
      if (entry?.status !== 'dead-lettered') {
        result.skipped.push({ id, reason: entry === undefined ? 'no such entry' : `status is ${entry.status}` });
        continue;
      }
      result.replayed.push(inboxEntryView(await this.#replayed(id), false));
    }
    return result;
  }

  async #replayed(id: string): Promise<InboxEntry> {
    const reset = await this.inbox.reset(id);
    if (reset === undefined) throw notFound(id);
    this.enqueue(id).catch((error: unknown) =>
      this.logger.warn('HL7v2 replay not queued; the sweep will queue it', {
        entryId: id,
        error: withoutMessage(error),
      }),
    );
    return reset;
  }

  async #entry(id: string): Promise<InboxEntry> {
    const entry = await this.inbox.get(id);
    if (entry === undefined) throw notFound(id);
    return entry;
  }
}

function notFound(id: string): OperationOutcomeError {
  return OperationOutcomeError.of('not-found', `no inbox entry ${id}`, undefined, 404);
}

function statusParam(value: string | undefined): InboxStatus | undefined {
  if (value === undefined) return undefined;
  const status = STATUSES.find((s) => s === value);
  if (status === undefined)
    throw OperationOutcomeError.of('value', `status must be one of ${STATUSES.join(', ')}`, 'status');
  return status;
}

function integerParam(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw OperationOutcomeError.of('value', `${name} must be an integer from ${min} to ${max}`, name);
  return n;
}

function includeRaw(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'raw') throw OperationOutcomeError.of('value', '_include may only be raw', '_include');
  return true;
}
