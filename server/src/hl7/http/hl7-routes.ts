import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { readBodyBytes } from '../../http/body.js';
import type { FhirState } from '../../middleware/request-context.js';
import { recordHl7Event, requireRole, type Hl7AuditOptions } from './hl7-access.js';
import type { Hl7InboxApi, InboxListParams } from '../inbox-api.js';
import type { InboxEntryView } from '../inbox-view.js';
import type { Hl7HttpIngest } from '../message-ingest.js';

export interface Hl7RoutesOptions {
  ingest: Hl7HttpIngest;
  api: Hl7InboxApi;
  /** Largest message or batch body (413 past it). */
  bodyLimitBytes: number;
  /** Where refusals, inbox reads and replays are audited. */
  audit: Hl7AuditOptions;
}

export const HL7_PATH = '/hl7v2';
/** A replay request names entry ids, nothing more. */
const REPLAY_BODY_LIMIT = 256 * 1024;

/**
 * The HL7 v2 edge over HTTP, mounted by main.ts before FHIR negotiation (these URLs are not FHIR
 * resources): message ingest and the inbox API. Errors are thrown as OperationOutcomeError and
 * answered by middleware/error like every other.
 * Access (issue 6): after the auth middleware (401 without a token), each route checks an operator
 * role (hl7-access.ts); every inbox read and replay is audited (the inbox holds raw messages, PHI).
 */
export function hl7Routes(options: Hl7RoutesOptions): Router<FhirState> {
  const { ingest, api } = options;
  const router = new Router<FhirState>({ prefix: HL7_PATH });
  const sender = requireRole(['hl7-sender', 'admin'], options.audit);
  const admin = requireRole(['admin'], options.audit);
  const read = (ctx: ParameterizedContext<FhirState>, body: object, entries: readonly InboxEntryView[]) =>
    audited(ctx, options.audit, { kind: 'hl7-inbox-read', status: 200 }, body, entries);
  const replay = (ctx: ParameterizedContext<FhirState>, body: object, entries: readonly InboxEntryView[]) =>
    audited(ctx, options.audit, { kind: 'hl7-inbox-replay', status: 202 }, body, entries);
  router.post('/messages', sender, async (ctx) => {
    const mediaType = ingest.mediaType(ctx.get('Content-Type'));
    const answer = await ingest.answer(
      mediaType,
      await readBodyBytes(ctx, options.bodyLimitBytes),
      ctx.state.remoteAddress,
    );
    if (answer.body === undefined) {
      ctx.status = 204;
      return;
    }
    ctx.status = 200;
    ctx.type = typeof answer.body === 'string' ? `${answer.mediaType}; charset=utf-8` : answer.mediaType;
    ctx.body = answer.body;
  });
  const page = async (ctx: ParameterizedContext<FhirState>, only?: 'dead-lettered') => {
    const found = await api.list(listParams(ctx), only);
    await read(ctx, found, found.entries);
  };
  router.get('/inbox', admin, (ctx) => page(ctx));
  router.get('/dead-letters', admin, (ctx) => page(ctx, 'dead-lettered'));
  router.get('/inbox/:id', admin, async (ctx) => {
    const entry = await api.read(ctx.params.id ?? '');
    await read(ctx, entry, [entry]);
  });
  router.post('/inbox/:id/\\$replay', admin, async (ctx) => {
    const entry = await api.replay(ctx.params.id ?? '');
    await replay(ctx, entry, [entry]);
  });
  router.post('/dead-letters/\\$replay', admin, async (ctx) => {
    const result = await api.replayDeadLetters(await replayIds(ctx));
    await replay(ctx, result, result.replayed);
  });
  return router;
}

/**
 * Answers JSON once the access is on record: the entries read or replayed by id, the patients
 * their messages produced or changed (BALP: one patient entity per patient), and `what`, the
 * path and query (ids and statuses, no PHI).
 */
async function audited(
  ctx: ParameterizedContext<FhirState>,
  audit: Hl7AuditOptions,
  { kind, status }: { kind: 'hl7-inbox-read' | 'hl7-inbox-replay'; status: number },
  body: object,
  entries: readonly InboxEntryView[],
): Promise<void> {
  const patients = entries.flatMap((entry) => entry.resources.filter((r) => r.startsWith('Patient/')));
  await recordHl7Event(ctx, audit, {
    kind,
    status,
    what: ctx.url,
    inboxEntries: entries.map((entry) => entry.id),
    ...(patients.length > 0 ? { patients } : {}),
  });
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

function listParams(ctx: ParameterizedContext<FhirState>): InboxListParams {
  const params: InboxListParams = {};
  for (const name of ['status', '_count', 'after', '_include'] as const) {
    const value = ctx.query[name];
    if (Array.isArray(value)) throw OperationOutcomeError.of('value', `Give ${name} once`, name);
    if (value !== undefined) params[name] = value;
  }
  return params;
}

/** `{ "ids": ["…"] }`, or no body for every dead letter. */
async function replayIds(ctx: ParameterizedContext<FhirState>): Promise<string[] | undefined> {
  const text = (await readBodyBytes(ctx, REPLAY_BODY_LIMIT)).toString('utf8').trim();
  if (text === '') return undefined;
  if (!/^application\/(fhir\+)?json$/i.test(ctx.get('Content-Type').split(';')[0]?.trim() ?? ''))
    throw OperationOutcomeError.of('not-supported', 'Send { "ids": [...] } as application/json', 'Content-Type', 415);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw OperationOutcomeError.of('structure', 'The body is not valid JSON');
  }
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw OperationOutcomeError.of('structure', 'ids must be an array of inbox entry ids', 'ids');
  return ids;
}
