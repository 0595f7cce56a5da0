import type { Middleware, ParameterizedContext } from 'koa';
import type { OperatorRole } from '../../auth/access.js';
import type { SecurityAuditInput } from '../../audit/security-event.js';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { Logger } from '../../interactions/engine-context.js';
import type { FhirState } from '../../middleware/request-context.js';

/** Where the HL7 v2 edge records refusals and inbox reads (FhirEngine.auditSecurity). */
export interface Hl7AuditOptions {
  audit(input: SecurityAuditInput): Promise<void>;
  logger: Logger;
  now(): Date;
}

type Hl7Context = ParameterizedContext<FhirState>;

/**
 * The operator roles a `/hl7v2` route needs (issue 6): sending messages `hl7-sender` or `admin`;
 * the inbox, dead letters and replays `admin` only (they hold and re-apply raw messages, PHI).
 * Authentication comes before (middleware/auth.ts: 401 without a token; AUTH_MODE=off grants every
 * role); a caller without the role gets 403 `forbidden`, audited as access-denied.
 */
export function requireRole(roles: readonly OperatorRole[], options: Hl7AuditOptions): Middleware<FhirState> {
  return async (ctx, next) => {
    const granted = ctx.state.access?.roles;
    if (granted !== undefined && roles.some((role) => granted.has(role))) return next();
    const needed = roles.join(' or ');
    await recordHl7Event(ctx, options, { kind: 'access-denied', status: 403, failure: `role ${needed} needed` });
    throw OperationOutcomeError.of('forbidden', `${ctx.method} ${ctx.path} needs the role ${needed}`, undefined, 403);
  };
}

/**
 * Audits one HL7 v2 edge event with the caller's identity (client, user, token `jti`, address);
 * a failing audit is logged, the request's outcome stands.
 */
export async function recordHl7Event(
  ctx: Hl7Context,
  options: Hl7AuditOptions,
  event: Pick<SecurityAuditInput, 'kind' | 'status' | 'failure' | 'what' | 'inboxEntries' | 'patients'>,
): Promise<void> {
  const { access, requestId, remoteAddress } = ctx.state;
  const input: SecurityAuditInput = {
    ...event,
    recorded: options.now(),
    requestId,
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
    ...(access?.clientId === undefined ? {} : { clientId: access.clientId }),
    ...(access?.userId === undefined ? {} : { userId: access.userId }),
    ...(access?.tokenId === undefined ? {} : { tokenId: access.tokenId }),
  };
  await options
    .audit(input)
    .catch((error: unknown) => options.logger.error('audit of an HL7 v2 edge event failed', { requestId, error }));
}
