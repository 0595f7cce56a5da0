import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Bundle, Provenance } from '@medplum/fhirtypes';
import { buildAck } from '../ack/build-ack.js';
import { buildRejectAck } from '../ack/reject-ack.js';
import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';
import { Hl7ParseError } from '../hl7/parse-error.js';
import type { Hl7Inbox, InboxEntry } from '../inbox/inbox.js';
import { Hl7DataError } from '../mapping/data-error.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import { assertTimeZone } from '../mapping/hl7-datetime.js';
import { mapMessage } from '../mapping/map-message.js';
import type { MappingOptions } from '../mapping/mapping-options.js';
import type { MappingResult } from '../mapping/mapping-result.js';
import { Hl7UnsupportedError } from '../mapping/unsupported-error.js';
import { auditEventEntry } from './audit-event.js';
import { Hl7DeliveryError } from './delivery-error.js';
import { headerIssue } from './envelope.js';
import type { FhirSink } from './fhir-sink.js';
import { messageTagQuery } from './message-reference.js';
import { mayHaveCommitted } from './may-have-committed.js';
import { auditFacts, messageParties, touchedResources, withRecords } from './message-records.js';
import { Hl7NotYetError } from './not-yet-error.js';
import { sinkRejection } from './sink-rejection.js';
import { reconcileStale } from './stale-reconcile.js';
import { parseIssue } from './parse-issue.js';

export interface Hl7WorkerOptions {
  readonly inbox: Hl7Inbox;
  readonly sink: FhirSink;
  readonly mapping?: MappingOptions;
  /** Attempts in all before an entry is dead-lettered; set it to the queue's attempts. Default 5. */
  readonly maxAttempts?: number;
  /** How long a claim holds before another worker may take the entry over. Default 60 s. */
  readonly leaseMs?: number;
  /** How long to wait for an earlier message of the same patient before handing the job back. Default 2 s. */
  readonly orderWaitMs?: number;
  /** This worker's name in leases; default host, pid and a random part. */
  readonly workerId?: string;
  /** Clock for ACKs, records and the order wait (orderWaitMs); default `() => new Date()`. */
  readonly now?: () => Date;
}

type Decided = { readonly code: 'AE' | 'AR'; readonly ack: string; readonly issues: readonly Hl7Issue[] };

const finalStatuses = new Set(['processed', 'dead-lettered']);
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const keptForReplay: Hl7Issue = {
  code: '207',
  text: 'the FHIR server could not be reached; the message is kept for replay',
};

/**
 * The job handler of the HL7 v2 queue: entry id in, final ACK out (DESIGN "An HL7v2 message's way").
 * Wait for the patient's earlier messages → claim (lease, one attempt) → parse and map → already
 * applied (its Provenance exists: an earlier attempt committed and crashed before `complete`)? →
 * stale (a newer message of the patient was applied)? reconcile → transaction with Provenance and
 * AuditEvent → `inbox.complete`. AE/AR get an AuditEvent of their own. A sink that is down or failing
 * (5xx) releases the entry and throws (the queue retries with backoff); on the last attempt the entry
 * is dead-lettered and answered AE 207. Every ACK is kept in the inbox, so a resend gets it again.
 */
export function createHl7Worker(options: Hl7WorkerOptions): (entryId: string) => Promise<string> {
  assertTimeZone(options.mapping?.defaultTimeZone ?? 'UTC');
  const worker = new Hl7Worker(options);
  return (entryId) => worker.handle(entryId);
}

class Hl7Worker {
  private readonly id: string;
  private readonly now: () => Date;
  private readonly uuid: () => string;

  constructor(private readonly options: Hl7WorkerOptions) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? (() => new Date());
    this.uuid = options.mapping?.uuid ?? randomUUID;
  }

  async handle(entryId: string): Promise<string> {
    const entry = await this.options.inbox.get(entryId);
    if (entry === undefined) throw new Error(`no HL7 v2 inbox entry ${entryId}`);
    if (finalStatuses.has(entry.status)) return entry.ack ?? '';
    await this.awaitTurn(entry);
    const claimed = await this.options.inbox.claim(entryId, this.id, this.options.leaseMs ?? 60_000);
    if (claimed === undefined) return this.heldElsewhere(entryId);
    try {
      return await this.apply(claimed);
    } catch (error) {
      return this.failed(claimed, error);
    }
  }

  /** Messages of one patient go in arrival order: wait a little for the earlier ones, then give the job back. */
  private async awaitTurn(entry: InboxEntry): Promise<void> {
    const deadline = this.now().getTime() + (this.options.orderWaitMs ?? 2000);
    while (await this.options.inbox.hasEarlierPending(entry)) {
      if (this.now().getTime() >= deadline)
        throw new Hl7NotYetError('an earlier message about the same patient is pending');
      await delay(25);
    }
  }

  private async heldElsewhere(entryId: string): Promise<string> {
    const entry = await this.options.inbox.get(entryId);
    if (entry !== undefined && finalStatuses.has(entry.status)) return entry.ack ?? '';
    throw new Hl7NotYetError('another worker holds this message');
  }

  private async apply(entry: InboxEntry): Promise<string> {
    const atReceipt = decidedAtReceipt(entry);
    if (atReceipt !== undefined) return this.refuse(entry, undefined, atReceipt, false);
    const ackOptions = { now: this.now() };
    let message: Hl7Message;
    try {
      message = parseHl7(entry.raw);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      const issue = parseIssue(error);
      return this.refuse(entry, undefined, {
        code: 'AR',
        ack: buildRejectAck(entry.raw, issue, ackOptions),
        issues: [issue],
      });
    }
    const header = headerIssue(message, this.options.mapping);
    if (header !== undefined) {
      return this.refuse(entry, message, {
        code: 'AR',
        ack: buildAck(message, 'AR', header, ackOptions),
        issues: [header],
      });
    }
    let result: MappingResult;
    try {
      result = mapMessage(message, this.options.mapping);
    } catch (error) {
      if (!(error instanceof Hl7UnsupportedError || error instanceof Hl7DataError)) throw error;
      const code = error instanceof Hl7UnsupportedError ? 'AR' : 'AE';
      return this.refuse(entry, message, {
        code,
        ack: buildAck(message, code, error.issue, ackOptions),
        issues: [error.issue],
      });
    }
    const applied = await this.appliedResources(entry);
    if (applied !== undefined) return this.finish(entry, buildAck(message, 'AA', result.warnings, ackOptions), applied);
    return this.deliver(entry, message, result);
  }

  /**
   * The targets of this message's Provenance, if an earlier attempt committed its transaction. Only
   * looked up when one may have (`mayHaveCommitted`): the search is a scan on FerretDB.
   */
  private async appliedResources(entry: InboxEntry): Promise<string[] | undefined> {
    if (!this.mayHaveCommitted(entry)) return undefined;
    let found: Bundle;
    try {
      found = await this.options.sink.search('Provenance', { _tag: messageTagQuery(entry.id) });
    } catch (error) {
      throw this.retryable(entry, error);
    }
    const provenance = found.entry
      ?.map((e) => e.resource)
      .find((r): r is Provenance => r?.resourceType === 'Provenance');
    return provenance?.target.flatMap((t) => (t.reference === undefined ? [] : [t.reference]));
  }

  private async deliver(entry: InboxEntry, message: Hl7Message, result: MappingResult): Promise<string> {
    const stale = await this.options.inbox.hasNewerApplied(entry);
    const sink = this.options.sink;
    let bundle: Bundle;
    try {
      bundle = stale ? await reconcileStale(result, sink) : result.bundle;
    } catch (error) {
      throw this.retryable(entry, error);
    }
    const parties = messageParties(entry, message, this.now());
    let response: Bundle;
    try {
      response = await sink.transaction(withRecords(bundle, entry, parties, this.uuid, this.mayHaveCommitted(entry)));
    } catch (error) {
      const rejection = sinkRejection(error);
      // Under If-Match, 412 means the stored resource changed since we read it: read it again.
      const raced = stale && typeof error === 'object' && error !== null && 'status' in error && error.status === 412;
      if (rejection === undefined || raced) throw this.retryable(entry, error);
      const issues = [rejection, ...result.warnings];
      return this.refuse(entry, message, {
        code: 'AE',
        ack: buildAck(message, 'AE', issues, { now: this.now() }),
        issues,
      });
    }
    return this.finish(
      entry,
      buildAck(message, 'AA', result.warnings, { now: this.now() }),
      touchedResources(response),
    );
  }

  /**
   * An AE/AR: its AuditEvent in a transaction of its own, then the outcome on record (with an error
   * line, unless decided at receipt: the inbox has that one already).
   */
  private async refuse(
    entry: InboxEntry,
    message: Hl7Message | undefined,
    decided: Decided,
    withErrorLine = true,
  ): Promise<string> {
    const parties = messageParties(entry, message, this.now());
    const outcomeDesc = decided.issues
      .map((i) => `${i.code === '' ? '' : `${i.code} `}${i.text}${i.location ? ` (${i.location})` : ''}`)
      .join('; ');
    const event = auditEventEntry(
      auditFacts(entry, parties, { ackCode: decided.code, outcomeDesc }),
      `urn:uuid:${this.uuid()}`,
      this.mayHaveCommitted(entry),
    );
    try {
      await this.options.sink.transaction({ resourceType: 'Bundle', type: 'transaction', entry: [event] });
    } catch (error) {
      if (sinkRejection(error) === undefined) throw this.retryable(entry, error);
    }
    const error = withErrorLine ? decided.issues[0]?.text : undefined;
    return this.finish(entry, decided.ack, [], decided.code, error);
  }

  private async finish(
    entry: InboxEntry,
    ack: string,
    resources: readonly string[],
    ackCode: 'AA' | 'AE' | 'AR' = 'AA',
    error?: string,
  ): Promise<string> {
    const outcome = {
      status: 'processed' as const,
      ack,
      ackCode,
      resources,
      ...(error === undefined ? {} : { error }),
    };
    if (await this.options.inbox.complete(entry.id, this.id, outcome)) return ack;
    // Our lease was taken over meanwhile; whoever completed it answered for the message.
    return (await this.options.inbox.get(entry.id))?.ack ?? ack;
  }

  /**
   * An attempt that failed on the sink's side: give the entry back, or dead-letter it on the last
   * attempt. An entry refused at receipt is never dead-lettered: its sender has its ACK and there is
   * nothing to replay, only its AuditEvent to write; the sweeper queues it again until that succeeds.
   */
  private async failed(entry: InboxEntry, error: unknown): Promise<string> {
    const text = failureText(error);
    if (entry.attempts < (this.options.maxAttempts ?? 5) || decidedAtReceipt(entry) !== undefined) {
      await this.options.inbox.release(entry.id, this.id, text);
      throw error;
    }
    const ack = deadLetterAck(entry.raw, { now: this.now() });
    const outcome = { status: 'dead-lettered' as const, ack, ackCode: 'AE' as const, error: text };
    if (await this.options.inbox.complete(entry.id, this.id, outcome)) return ack;
    return (await this.options.inbox.get(entry.id))?.ack ?? ack;
  }

  private mayHaveCommitted(entry: InboxEntry): boolean {
    return mayHaveCommitted(entry, this.now(), this.options.leaseMs ?? 60_000);
  }

  private retryable(entry: InboxEntry, error: unknown): Hl7DeliveryError {
    return error instanceof Hl7DeliveryError ? error : new Hl7DeliveryError(entry.controlId, { cause: error });
  }
}

/** The AE/AR the receiver gave an entry it refused, whose AuditEvent is still to be written. */
function decidedAtReceipt(entry: InboxEntry): Decided | undefined {
  if (entry.auditPending !== true || entry.ack === undefined || entry.ackCode === undefined) return undefined;
  if (entry.ackCode === 'AA') return undefined;
  // The receipt's error line is the ERR text (a location and a reason, no values).
  const issues = entry.errors.slice(0, 1).map((e) => ({ code: '', text: e.text }));
  return { code: entry.ackCode, ack: entry.ack, issues };
}

/** AE 207 for a message whose attempts are spent: it is not lost, it waits in the dead letters. */
function deadLetterAck(raw: string, options: { now: Date }): string {
  try {
    return buildAck(parseHl7(raw), 'AE', keptForReplay, options);
  } catch {
    return buildRejectAck(raw, keptForReplay, options);
  }
}

/**
 * One line for the entry's error list: the kinds of failure (error class names) and an HTTP status,
 * never an error message (a store's may quote the data: "dup key { identifier: … }").
 */
function failureText(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : undefined;
  const failing = cause ?? error;
  const status =
    typeof failing === 'object' && failing !== null && 'status' in failing && typeof failing.status === 'number'
      ? ` (HTTP ${failing.status})`
      : '';
  const names = [error, cause].flatMap((e) => (e instanceof Error ? [e.name] : []));
  return `${names.length === 0 ? 'Error' : names.join(': ')}${status}`;
}
