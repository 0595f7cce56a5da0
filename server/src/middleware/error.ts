import type { Middleware } from 'koa';
import { OperationOutcomeError, statusForIssue } from '../errors/outcome-error.js';
import type { Logger } from '../interactions/engine-context.js';
import { writeResource } from '../http/write-resource.js';
import type { FhirState } from './request-context.js';

/**
 * The one exit for errors: every error, unknown ones too, becomes an OperationOutcome with the
 * right status. Unknown errors are logged with their stack and answered with a generic 500;
 * no stack, path or internal message ever reaches the client.
 */
export function errorHandler(
  logger: Logger,
  /** Audits a failure the engine did not see (it audits its own). */
  auditRejected: (ctx: Parameters<Middleware<FhirState>>[0], error: unknown) => Promise<void>,
): Middleware<FhirState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw OperationOutcomeError.of('not-found', `No route for ${ctx.method} ${ctx.path}`, undefined, 404);
      }
    } catch (error) {
      const known = asOperationOutcomeError(error);
      if (!known) logger.error('unhandled error', { requestId: ctx.state.requestId, error });
      const answer =
        known ??
        OperationOutcomeError.of('exception', 'Internal server error; quote the X-Request-Id when reporting it');
      if (!ctx.state.audited)
        await auditRejected(ctx, answer).catch((auditError: unknown) =>
          logger.error('audit of a refused request failed', { requestId: ctx.state.requestId, error: auditError }),
        );
      ctx.status = answer.status;
      try {
        writeResource(ctx, answer.outcome);
      } catch {
        // A diagnostic XML cannot carry (a control character) must not lose the answer.
        ctx.state.format = 'json';
        writeResource(ctx, answer.outcome);
      }
    }
  };
}

/** Errors from Koa and its router (405, 501, 413 …) carry an HTTP status and are safe to map. */
function asOperationOutcomeError(error: unknown): OperationOutcomeError | undefined {
  if (error instanceof OperationOutcomeError) return error;
  const status = (error as { status?: unknown; expose?: unknown } | null)?.status;
  if (status === 501) return OperationOutcomeError.of('not-supported', 'The method is not implemented', undefined, 501);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      status === 405 ? 'not-supported' : status === 413 ? 'too-long' : status === 404 ? 'not-found' : 'invalid';
    return OperationOutcomeError.of(code, httpMessage(status), undefined, status || statusForIssue(code));
  }
  return undefined;
}

function httpMessage(status: number): string {
  if (status === 405) return 'The method is not allowed on this URL';
  if (status === 413) return 'The request body is too large';
  return `The request could not be processed (HTTP ${status})`;
}
