import Router from '@koa/router';
import type { Bundle, BundleEntry, CapabilityStatement } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import type { SearchParameterRegistry } from '@nexushealth/conformance';
import type { SecurityDeclaration } from './auth/security-declaration.js';
import { authRoutes } from './auth/http/auth-routes.js';
import type { AuthorizationServer } from './auth/server/authorization-server.js';
import { AuditChain } from './audit/audit-chain.js';
import { parseBody } from './http/body.js';
import { negotiate } from './http/negotiate.js';
import { buildServerCapabilities } from './capabilities.js';
import type { Logger } from './interactions/engine-context.js';
import { FhirEngine } from './interactions/engine.js';
import { GroupCommit } from './interactions/group-commit.js';
import { corsPolicy } from './middleware/cors.js';
import { authenticate, type AuthGuard } from './middleware/auth.js';
import { errorHandler } from './middleware/error.js';
import { rateLimit } from './middleware/rate-limit.js';
import { securityHeaders } from './middleware/security-headers.js';
import { requestContext, type FhirState } from './middleware/request-context.js';
import { FhirRoutes } from './routes.js';
import { withoutMessage } from './logging/json-logger.js';
import type { ResourceStore } from './store/port.js';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search/search-limits.js';
import { LiveSearchParameters } from './search/live-search-parameters.js';
import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from './security-settings.js';
import { LiveDefinitions } from './validation/live-definitions.js';
import { DEFINITION_TYPES, type ResourceValidator } from './validation/resource-validator.js';

export interface AppOptions {
  store: ResourceStore;
  validator: ResourceValidator;
  registry: SearchParameterRegistry;
  logger: Logger;
  /** Absolute URL of the FHIR endpoint, e.g. http://localhost:8080/fhir (no trailing slash). */
  baseUrl: string;
  /** Checks every dependency; throws when one is unreachable (for /readyz). */
  readiness: () => Promise<void>;
  bodyLimitBytes?: number;
  /** Most entries one batch/transaction may carry (413 beyond). Default 10,000. */
  maxBundleEntries?: number;
  /** Bounds of chains, includes and search sets (search/search-limits.ts for the defaults). */
  searchLimits?: Partial<SearchLimits>;
  /** CORS, rate limit, TLS (for HSTS), JSON depth and string length (security-settings.ts). */
  security?: Partial<SecuritySettings>;
  now?: () => Date;
  newId?: () => string;
  /**
   * How often a request checks for SearchParameters and definitions (StructureDefinition,
   * ValueSet, CodeSystem) written by other processes (default 5 s).
   */
  searchParameterCheckMs?: number;
  /**
   * Routers beside the FHIR API (main.ts passes the HL7 v2 edge: hl7/http/), mounted after the
   * health routes and before FHIR negotiation: their bodies and answers are not FHIR resources.
   */
  extraRouters?: readonly Router<FhirState>[];
  /** Who may call (middleware/auth.ts). Default: AUTH_MODE=off (in-process tests that do not test auth). */
  auth?: AuthGuard;
  /**
   * NexusHealth's own authorization server (auth/server/, picked and initialised by main.ts),
   * mounted at /auth and /fhir/.well-known/smart-configuration; absent with an external one.
   */
  authorizationServer?: AuthorizationServer;
}

export interface FhirApp {
  koa: Koa<FhirState>;
  engine: FhirEngine;
  /** The registry in force, base and stored SearchParameters (tests wait on its reindexing). */
  searchParameters: LiveSearchParameters;
  /** The stored definitions validation uses. */
  definitions: LiveDefinitions;
  /** From now on /readyz answers 503, so a load balancer stops sending traffic (SIGTERM). */
  startDraining(): void;
}

export const FHIR_PATH = '/fhir';

/**
 * The Koa application, its middleware order in one list (DESIGN "A request's way"):
 * context → security headers → CORS → error → health → auth → rate limit → extra routers (HL7 v2)
 * → negotiate → body → FHIR routes.
 */
export function createApp(options: AppOptions): FhirApp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const security = { ...DEFAULT_SECURITY_SETTINGS, ...options.security };
  const bodyLimitBytes = options.bodyLimitBytes ?? 64 * 1024 * 1024;
  const maxBundleEntries = options.maxBundleEntries ?? 10_000;
  const searchParameters = new LiveSearchParameters(
    options.registry,
    options.store,
    options.logger,
    options.searchParameterCheckMs,
  );
  const definitions = new LiveDefinitions(
    options.validator,
    options.store,
    options.logger,
    options.searchParameterCheckMs,
  );
  const auth = options.auth ?? { mode: 'off' };
  const declaration = securityDeclaration(auth, options.authorizationServer);
  // Rebuilt when the registry changes (a SearchParameter was written), else built once.
  let capabilities: { registry: SearchParameterRegistry; statement: CapabilityStatement } | undefined;
  const capabilityStatement = (): CapabilityStatement => {
    const registry = searchParameters.registry;
    if (capabilities?.registry !== registry) {
      const statement = buildServerCapabilities(engine, registry, options.validator, baseUrl, declaration, {
        bodyLimitBytes,
        maxBundleEntries,
        security,
      });
      capabilities = { registry, statement };
    }
    return capabilities.statement;
  };
  const routes: FhirRoutes = new FhirRoutes(FHIR_PATH, () => baseUrl, capabilityStatement);
  const auditChain = new AuditChain(options.store);
  const engine: FhirEngine = new FhirEngine({
    store: options.store,
    auditLog: new GroupCommit(auditChain),
    auditChain,
    validator: options.validator,
    get registry() {
      return searchParameters.registry;
    },
    baseUrl,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
    parseEntryRequest: (method: string, url: string) => routes.parseEntry(method, url),
    paging: { defaultCount: 20, maxCount: 1000 },
    bundleLimits: { maxEntries: maxBundleEntries, maxSearchCount: 100 },
    searchLimits: { ...DEFAULT_SEARCH_LIMITS, ...options.searchLimits },
  });
  routes.attach(engine);
  let draining = false;
  const koa = new Koa<FhirState>({ proxy: false });
  // Errors after the answer (a client gone mid-response) reach Koa's default handler, which
  // prints raw stacks to stderr; they are logged as one structured line instead.
  koa.on('error', (error: unknown) => options.logger.warn('response not delivered', { error: withoutMessage(error) }));
  koa.use(requestContext(options.logger));
  koa.use(securityHeaders({ tls: security.tls !== undefined }));
  const cors = corsPolicy(security.cors);
  if (cors) koa.use(cors);
  koa.use(
    errorHandler(options.logger, async (ctx, error) => {
      if (ctx.path === FHIR_PATH || ctx.path.startsWith(`${FHIR_PATH}/`)) {
        await engine.auditFailure(routes.describeRejected(ctx as Parameters<FhirRoutes['describeRejected']>[0]), error);
      }
    }),
  );
  koa.use(healthRoutes(() => draining, options.readiness).routes());
  const limit =
    security.rateLimitPerMinute > 0
      ? rateLimit({ perMinute: security.rateLimitPerMinute, burst: security.rateLimitBurst })
      : undefined;
  koa.use(
    authenticate({
      guard: auth,
      realm: baseUrl,
      audit: (input) => engine.auditSecurity(input),
      logger: options.logger,
      now: () => engine.context.now(),
      ...(limit ? { throttleRefused: async (ctx) => limit(ctx, async () => undefined) } : {}),
    }),
  );
  if (limit) koa.use(limit);
  if (options.authorizationServer) {
    options.authorizationServer.auditTo((input) => engine.auditSecurity(input));
    koa.use(authRoutes(options.authorizationServer, FHIR_PATH).routes());
  }
  for (const router of options.extraRouters ?? []) koa.use(router.routes());
  koa.use(negotiate());
  koa.use(
    parseBody(bodyLimitBytes, {
      maxDepth: security.jsonMaxDepth,
      maxStringLength: security.stringMaxLength,
    }),
  );
  koa.use(
    followStore(options.logger, [
      {
        types: ['SearchParameter'],
        refreshIfDue: () => searchParameters.refreshIfDue(),
        refreshAfterWrite: () => searchParameters.refresh({ reindex: true }),
      },
      {
        types: DEFINITION_TYPES,
        refreshIfDue: () => definitions.refreshIfDue(),
        refreshAfterWrite: () => definitions.refresh(),
      },
    ]),
  );
  for (const middleware of routes.middleware()) koa.use(middleware);
  return { koa, engine, searchParameters, definitions, startDraining: () => void (draining = true) };
}

/**
 * What rest.security declares: our own authorization server's token and introspection
 * endpoints (no `authorize`: Backend Services only); an external server's are in its own
 * discovery document, so none are named.
 */
function securityDeclaration(auth: AuthGuard, own: AuthorizationServer | undefined): SecurityDeclaration {
  if (auth.mode === 'off') return { mode: 'off' };
  if (!own) return { mode: 'smart' };
  return { mode: 'smart', oauthUris: { token: own.urls.tokenEndpoint, introspect: own.urls.introspectionEndpoint } };
}

/** What the server applies from the store as soon as it is written: stored SearchParameters, definitions. */
interface StoreFollower {
  /** The resource types whose writes change it. */
  types: readonly string[];
  /** Picks up what other processes wrote (a cheap check at most every few seconds). */
  refreshIfDue(): Promise<void>;
  refreshAfterWrite(): Promise<void>;
}

/**
 * Before a FHIR request: what other processes wrote is picked up. After a write that may have
 * changed it (to one of its types, directly or in a batch/transaction): reloaded at once (SearchParameters
 * also reindex the affected types in the background). The write has succeeded by then, so a
 * failing reload is logged, not answered.
 */
function followStore(logger: Logger, followers: StoreFollower[]): Koa.Middleware<FhirState> {
  return async (ctx, next) => {
    if (ctx.path !== FHIR_PATH && !ctx.path.startsWith(`${FHIR_PATH}/`)) return next();
    await Promise.all(followers.map((follower) => follower.refreshIfDue()));
    await next();
    if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.status >= 400) return;
    const written = writtenTypes(ctx.path, ctx.state.body);
    for (const follower of followers) {
      if (!follower.types.some((type) => written.has(type))) continue;
      await follower.refreshAfterWrite().catch((error: unknown) => {
        logger.error('reload after a write failed', { types: follower.types, error: withoutMessage(error) });
      });
    }
  };
}

/**
 * The types a write may have changed: the URL's type (its first segment after the base), or for
 * a batch/transaction (`/fhir`, `/fhir/`) those of its entries, by resource or request URL
 * (http.html#transaction).
 */
function writtenTypes(path: string, body: unknown): ReadonlySet<string> {
  const [first = ''] = path.slice(FHIR_PATH.length + 1).split('/');
  if (first !== '') return new Set([first]);
  const entries = (body as Bundle | undefined)?.entry;
  if (!Array.isArray(entries)) return new Set();
  // Every segment of a request URL: it may be absolute (`…/fhir/StructureDefinition/x`).
  // The batch may have answered 200 with entries refused one by one: any field may be malformed.
  return new Set(
    entries.flatMap((entry: BundleEntry | null) => {
      const url = entry?.request?.url;
      return [entry?.resource?.resourceType ?? '', ...(typeof url === 'string' ? url.split('?')[0]!.split('/') : [])];
    }),
  );
}

/** /healthz: the process is alive (no dependencies). /readyz: dependencies reachable, not draining. */
function healthRoutes(draining: () => boolean, readiness: () => Promise<void>): Router<FhirState> {
  const router = new Router<FhirState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (draining()) {
      ctx.status = 503;
      ctx.body = { status: 'draining' };
      return;
    }
    try {
      await readiness();
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable' };
    }
  });
  return router;
}
