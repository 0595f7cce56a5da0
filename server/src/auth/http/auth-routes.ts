import Router from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { readBodyBytes } from '../../http/body.js';
import type { FhirState } from '../../middleware/request-context.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import { JWT_BEARER_ASSERTION } from '../server/client-assertion.js';
import type { IntrospectionCaller } from '../server/introspection.js';
import { OAuthError } from '../server/oauth-error.js';
import { eventBase } from '../server/security-audit.js';
import { adminOf, requestMeta, requireAdmin } from './callers.js';
import { readForm } from './form-body.js';

/** A registration is a JWKS and a few strings. */
const CLIENT_BODY_LIMIT = 64 * 1024;

/**
 * The authorization server over HTTP, mounted by app.ts before FHIR negotiation (none of these
 * answers is a FHIR resource): SMART discovery, the token and introspection endpoints (RFC 6749
 * §5.2 JSON errors), the public signing keys and the admin client registration API
 * (OperationOutcome errors, like the rest of the server's admin APIs).
 */
export function authRoutes(server: AuthorizationServer, fhirPath: string): Router<FhirState> {
  const router = new Router<FhirState>();
  router.get(`${fhirPath}/.well-known/smart-configuration`, (ctx) => json(ctx, server.smartConfiguration()));
  router.get('/auth/jwks', (ctx) => {
    json(ctx, server.keys.jwks());
    ctx.type = 'application/jwk-set+json';
  });
  router.post('/auth/token', oauthErrors, async (ctx) => {
    const body = await server.tokenEndpoint.token(await readForm(ctx), requestMeta(ctx));
    json(ctx, body);
    noStore(ctx);
  });
  router.post('/auth/introspect', oauthErrors, async (ctx) => {
    const form = await readForm(ctx);
    const caller = await introspectionCaller(ctx, form, server).catch(async (error: unknown) => {
      // RFC 7662 §4: a caller probing tokens without authenticating leaves a trace.
      if (error instanceof OAuthError)
        await server.audit({
          ...eventBase(requestMeta(ctx), error.status, server.now(), undefined),
          kind: 'access-denied',
          failure: `introspection: ${error.code}: ${error.description}`,
        });
      throw error;
    });
    json(ctx, await server.introspection.introspect(form, caller, requestMeta(ctx)));
    noStore(ctx);
  });
  // A new signing key generation (an admin's decision, e.g. on suspicion); older keys keep verifying.
  router.post('/auth/keys/rotate', async (ctx) => {
    const admin = await requireAdmin(ctx, server);
    await server.keys.rotate();
    await server.audit({
      ...eventBase(requestMeta(ctx), 200, server.now(), admin.clientId),
      kind: 'signing-key-rotated',
      what: `auth/keys/${server.keys.signer().kid}`,
    });
    json(ctx, server.keys.jwks());
  });
  router.get('/auth/clients', async (ctx) => {
    await requireAdmin(ctx, server);
    json(ctx, await server.clients.list());
  });
  router.get('/auth/clients/:id', async (ctx) => {
    await requireAdmin(ctx, server);
    json(ctx, await server.clients.read(ctx.params.id ?? ''));
  });
  router.post('/auth/clients', async (ctx) => {
    const admin = await requireAdmin(ctx, server);
    json(ctx, await server.clients.register(await jsonBody(ctx), admin.clientId, requestMeta(ctx)), 201);
  });
  router.delete('/auth/clients/:id', async (ctx) => {
    const admin = await requireAdmin(ctx, server);
    await server.clients.remove(ctx.params.id ?? '', admin.clientId, requestMeta(ctx));
    ctx.status = 204;
  });
  return router;
}

/** RFC 6749 §5.2: the error as JSON, never cached. */
const oauthErrors: Middleware<FhirState> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    json(ctx, error.toJSON(), error.status);
    noStore(ctx);
  }
};

/**
 * RFC 7662 §2.1 asks the endpoint to authenticate its callers: a client by its assertion (it
 * sees its own tokens), else an admin (introspection.ts, IntrospectionCaller).
 */
async function introspectionCaller(
  ctx: ParameterizedContext<FhirState>,
  form: URLSearchParams,
  server: AuthorizationServer,
): Promise<IntrospectionCaller> {
  if (form.get('client_assertion_type') === JWT_BEARER_ASSERTION) {
    const { client } = await server.assertions.authenticate(form, () => undefined);
    return client.roles.includes('admin')
      ? { kind: 'admin', clientId: client.clientId }
      : { kind: 'client', clientId: client.clientId };
  }
  const admin = await adminOf(ctx, server);
  if (typeof admin === 'object') return { kind: 'admin', ...admin };
  throw new OAuthError('invalid_client', 'authenticate with a client assertion or an admin Bearer token');
}

async function jsonBody(ctx: ParameterizedContext<FhirState>): Promise<unknown> {
  if (!ctx.is('application/json'))
    throw OperationOutcomeError.of('not-supported', 'Send the client as application/json', 'Content-Type', 415);
  const text = (await readBodyBytes(ctx, CLIENT_BODY_LIMIT)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw OperationOutcomeError.of('structure', 'The body is not JSON');
  }
}

function json(ctx: ParameterizedContext<FhirState>, body: object, status = 200): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

/** RFC 6749 §5.1: responses holding tokens are not stored by caches. */
function noStore(ctx: ParameterizedContext<FhirState>): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
}
