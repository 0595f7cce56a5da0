import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Access } from '../auth/access.js';
import type { FhirFormat } from '../http/media-types.js';
import type { Logger } from '../interactions/engine-context.js';

/** Koa state the middleware shares. */
export interface FhirState {
  requestId: string;
  body?: unknown;
  /** The negotiated format of the answer (http/negotiate.ts); unset means JSON. */
  format?: FhirFormat;
  /** The peer's address, read at once: the socket may be gone by the time an error is answered. */
  remoteAddress?: string;
  /** What the caller may do, set by the auth middleware before any FHIR or HL7 v2 route. */
  access?: Access;
  /** Set once the engine has written this request's AuditEvent (success or failure). */
  audited?: boolean;
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9\-_.]{1,64}$/;

/**
 * Gives every request an id (the client's X-Request-Id when it is a sane token, else a new
 * UUID), echoes it, and writes one access-log line with method, route path, status and
 * duration — never the query string, which carries PHI (`name=Smith`).
 */
export function requestContext(logger: Logger): Middleware<FhirState> {
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    const remoteAddress = ctx.req.socket.remoteAddress;
    if (remoteAddress) ctx.state.remoteAddress = remoteAddress;
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      logger.info('request', {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    }
  };
}
