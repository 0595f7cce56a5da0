import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { readBodyBytes } from '../../http/body.js';
import type { FhirState } from '../../middleware/request-context.js';
import type { Hl7InboxApi, InboxListParams } from '../inbox-api.js';
import type { Hl7HttpIngest } from '../message-ingest.js';

export interface Hl7RoutesOptions {
  ingest: Hl7HttpIngest;
  api: Hl7InboxApi;
  /** Largest message or batch body (413 past it). */
  bodyLimitBytes: number;
}

export const HL7_PATH = '/hl7v2';
/** A replay request names entry ids, nothing more. */
const REPLAY_BODY_LIMIT = 256 * 1024;

/**
 * The HL7 v2 edge over HTTP, mounted by main.ts before FHIR negotiation (these URLs are not FHIR
 * resources): message ingest and the inbox API. Errors are thrown as OperationOutcomeError and
 * answered by middleware/error like every other.
 * Access control: none yet, like the FHIR API; issue 6 (SMART scopes, an admin role for replays)
 * puts its check in front of this router, in app.ts's middleware order.
 */
export function hl7Routes(options: Hl7RoutesOptions): Router<FhirState> {
  const { ingest, api } = options;
  const router = new Router<FhirState>({ prefix: HL7_PATH });
  router.post('/messages', async (ctx) => {
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
  router.get('/inbox', async (ctx) => json(ctx, await api.list(listParams(ctx))));
  router.get('/dead-letters', async (ctx) => json(ctx, await api.list(listParams(ctx), 'dead-lettered')));
  router.get('/inbox/:id', async (ctx) => json(ctx, await api.read(ctx.params.id ?? '')));
  router.post('/inbox/:id/\\$replay', async (ctx) => json(ctx, await api.replay(ctx.params.id ?? ''), 202));
  router.post('/dead-letters/\\$replay', async (ctx) =>
    json(ctx, await api.replayDeadLetters(await replayIds(ctx)), 202),
  );
  return router;
}

function json(ctx: ParameterizedContext<FhirState>, body: object, status = 200): void {
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
