import type { Context, Middleware } from 'koa';
import { ANONYMOUS_ACCESS, UNRESTRICTED_ACCESS } from '../auth/access.js';
import { InvalidTokenError, KeySetUnavailableError } from '../auth/token-errors.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { SecurityAuditInput } from '../audit/security-event.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { Logger } from '../interactions/engine-context.js';
import type { FhirState } from './request-context.js';

/** AUTH_MODE=off: every caller may do everything; smart: a verified Bearer token decides. */
export type AuthGuard = { mode: 'off' } | { mode: 'smart'; verifier: Pick<TokenVerifier, 'verifyAccessToken'> };

export interface AuthMiddlewareOptions {
  guard: AuthGuard;
  /** The protection space named in the challenge (RFC 7235 §2.2): the FHIR base URL. */
  realm: string;
  /** Records a refusal (engine.auditSecurity); a failing audit is logged, the refusal stands. */
  audit(input: SecurityAuditInput): Promise<void>;
  logger: Logger;
  now(): Date;
  /**
   * Counts a refused request against its address's rate limit and throws 429 past it
   * (RATE_LIMIT_PER_MINUTE): the limit runs after authentication (per client), and a flood of
   * guessed or stolen-and-expired tokens must not escape it.
   */
  throttleRefused?(ctx: Parameters<Middleware<FhirState>>[0]): Promise<void>;
}

/**
 * Paths anyone may call (issue 6 plan, "Endpoints"): the CapabilityStatement, SMART discovery
 * and the authorization server's own endpoints (they authenticate clients themselves). Matched
 * exactly and case-sensitively, so anything else — `/FHIR/Patient`, `/fhir/metadata/..` — needs
 * a token: what is not listed here is protected.
 */
const PUBLIC_PATHS = [/^\/fhir\/metadata$/, /^\/fhir\/\.well-known\/[A-Za-z0-9-]+$/, /^\/auth\/[A-Za-z0-9\-_/]+$/];
/** RFC 6750 §2.1: `Bearer` 1*SP b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** A refusal before any route: status, RFC 6750 §3.1 error code, what the client and the audit are told. */
interface Refusal {
  status: 400 | 401 | 503;
  error?: 'invalid_request' | 'invalid_token';
  /** Said to the client: nothing that helps an attacker beyond "invalid" or "expired". */
  description: string;
  /** For the audit trail (which check failed), never the token. */
  failure: string;
}

/**
 * Decides `ctx.state.access` for every request after the health routes (RFC 6750 §2.1, §3).
 * A refused request is answered 401 (400 for a malformed one, 503 when the keys cannot be had)
 * with `WWW-Authenticate: Bearer …` and an OperationOutcome, and audited as `access-denied`;
 * a 403 further in (scopes, roles) gets the `insufficient_scope` challenge.
 */
export function authenticate(options: AuthMiddlewareOptions): Middleware<FhirState> {
  const { guard } = options;
  return async (ctx, next) => {
    if (guard.mode === 'off') {
      ctx.state.access = UNRESTRICTED_ACCESS;
      return next();
    }
    if (PUBLIC_PATHS.some((path) => path.test(ctx.path))) {
      ctx.state.access = ANONYMOUS_ACCESS;
      return next();
    }
    try {
      ctx.state.access = (await guard.verifier.verifyAccessToken(bearerToken(ctx))).access;
    } catch (error) {
      const refusal = refusalOf(error);
      await options.throttleRefused?.(ctx);
      if (error instanceof KeySetUnavailableError)
        options.logger.warn('access token keys unavailable', { requestId: ctx.state.requestId, error: error.cause });
      await audit(ctx, refusal, options);
      throw answer(ctx, refusal, options.realm);
    }
    try {
      await next();
    } catch (error) {
      // A valid token without the scope or role needed (RFC 6750 §3.1 insufficient_scope).
      if (error instanceof OperationOutcomeError && error.status === 403)
        ctx.set('WWW-Authenticate', `Bearer realm="${quoted(options.realm)}", error="insufficient_scope"`);
      throw error;
    }
  };
}

/** The token of the Authorization header; RFC 6750 §2.2/§2.3 (form body, query) are not accepted. */
function bearerToken(ctx: Context): string {
  if (Object.hasOwn(ctx.query, 'access_token'))
    throw refusal(400, 'invalid_request', 'Send the access token in the Authorization header', 'token in query');
  const header = ctx.get('Authorization');
  if (header === '') throw refusal(401, undefined, 'A Bearer access token is required', 'no token');
  if (!/^Bearer(?: |$)/i.test(header))
    throw refusal(401, undefined, 'A Bearer access token is required', 'other authorization scheme');
  const match = BEARER.exec(header);
  if (!match) throw refusal(400, 'invalid_request', 'Malformed Bearer authorization header', 'malformed header');
  return match[1]!;
}

class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.failure);
  }
}

function refusal(
  status: Refusal['status'],
  error: Refusal['error'],
  description: string,
  failure: string,
): RefusalError {
  return new RefusalError(error ? { status, error, description, failure } : { status, description, failure });
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof RefusalError) return error.refusal;
  if (error instanceof InvalidTokenError)
    return error.reason === 'expired'
      ? { status: 401, error: 'invalid_token', description: 'The access token expired', failure: 'expired token' }
      : {
          status: 401,
          error: 'invalid_token',
          description: 'Invalid access token',
          failure: `invalid token: ${error.detail}`,
        };
  if (error instanceof KeySetUnavailableError)
    return {
      status: 503,
      description: 'The access token cannot be checked now; retry later',
      failure: 'keys unavailable',
    };
  throw error;
}

async function audit(
  ctx: Context & { state: FhirState },
  refusal: Refusal,
  options: AuthMiddlewareOptions,
): Promise<void> {
  const input: SecurityAuditInput = {
    kind: 'access-denied',
    status: refusal.status,
    recorded: options.now(),
    requestId: ctx.state.requestId,
    failure: refusal.failure,
  };
  if (ctx.state.remoteAddress) input.remoteAddress = ctx.state.remoteAddress;
  await options
    .audit(input)
    .catch((error: unknown) =>
      options.logger.error('audit of a refused request failed', { requestId: ctx.state.requestId, error }),
    );
  ctx.state.audited = true;
}

/** The challenge (RFC 6750 §3) and the OperationOutcome the error middleware writes. */
function answer(ctx: Context, refusal: Refusal, realm: string): OperationOutcomeError {
  if (refusal.status !== 503) {
    const params = [`realm="${quoted(realm)}"`];
    if (refusal.error) params.push(`error="${refusal.error}"`, `error_description="${quoted(refusal.description)}"`);
    ctx.set('WWW-Authenticate', `Bearer ${params.join(', ')}`);
  }
  const code = refusal.status === 503 ? 'transient' : refusal.status === 400 ? 'invalid' : 'login';
  return OperationOutcomeError.of(code, refusal.description, undefined, refusal.status);
}

function quoted(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
