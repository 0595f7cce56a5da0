import type { ParameterizedContext } from 'koa';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { FhirState } from '../../middleware/request-context.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import { eventBase, type RequestMeta } from '../server/security-audit.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** An admin of the authorization server: its client id (none under AUTH_MODE=off). */
export interface Admin {
  clientId?: string;
}

/**
 * The caller when it is an admin, else undefined: the Access the auth middleware decided (role
 * admin; AUTH_MODE=off grants it), or a Bearer token of this server with role admin whose client
 * is still registered (the auth middleware leaves /auth/* public: these endpoints authenticate
 * their callers themselves).
 */
export async function adminOf(
  ctx: ParameterizedContext<FhirState>,
  server: AuthorizationServer,
): Promise<Admin | 'no-token' | 'not-admin'> {
  const access = ctx.state.access;
  if (access?.roles.has('admin')) return access.clientId === undefined ? {} : { clientId: access.clientId };
  const token = BEARER.exec(ctx.get('Authorization'))?.[1];
  if (token === undefined) return 'no-token';
  const claims = await server.introspection.activeClaims(token);
  if (!claims) return 'no-token';
  return claims.roles.includes('admin') ? { clientId: claims.client_id } : 'not-admin';
}

/** The admin API's refusal: 401 with a Bearer challenge, or 403 for a token without the admin role. */
export async function requireAdmin(ctx: ParameterizedContext<FhirState>, server: AuthorizationServer): Promise<Admin> {
  const admin = await adminOf(ctx, server);
  if (typeof admin === 'object') return admin;
  await server.audit({
    ...eventBase(requestMeta(ctx), admin === 'no-token' ? 401 : 403, server.now(), undefined),
    kind: 'access-denied',
    failure: admin === 'no-token' ? 'admin API without a valid token' : 'admin API without the admin role',
  });
  if (admin === 'not-admin')
    throw OperationOutcomeError.of('forbidden', 'The client registration API needs the admin role', undefined, 403);
  ctx.set('WWW-Authenticate', `Bearer realm="${server.urls.issuer}"`);
  throw OperationOutcomeError.of('login', 'An admin Bearer access token is required', undefined, 401);
}

/** Who asked, for the audit trail. */
export function requestMeta(ctx: ParameterizedContext<FhirState>): RequestMeta {
  return {
    requestId: ctx.state.requestId,
    ...(ctx.state.remoteAddress === undefined ? {} : { remoteAddress: ctx.state.remoteAddress }),
  };
}
