import Router from '@koa/router';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { Context } from 'koa';
import { OperationOutcomeError } from './errors/outcome-error.js';
import { render } from './http/render.js';
import { queryPairs } from './http/query-pairs.js';
import type { RequestActor } from './audit/audit-event.js';
import { ANONYMOUS_ACCESS } from './auth/access.js';
import type { FhirEngine } from './interactions/engine.js';
import type { FhirRequest, FhirRoute, InteractionName } from './interactions/fhir-request.js';
import type { FhirState } from './middleware/request-context.js';

/**
 * Operations at system, type, instance and version level (operations.html#executing), by GET
 * (parameters in the query) and POST (a Parameters body); before the rows whose `:id` or
 * `:resourceType` would take `$name` for an id or a type.
 */
const OPERATION_PATHS = [
  '/$:operation',
  '/:resourceType/$:operation',
  '/:resourceType/:id/$:operation',
  '/:resourceType/:id/_history/:versionId/$:operation',
];

/** The FHIR URL grammar (http.html#summary), one row per interaction; order matters. */
const GRAMMAR: ReadonlyArray<readonly [method: string, path: string, interaction: InteractionName]> = [
  ...OPERATION_PATHS.flatMap((path) => [['GET', path, 'operation'] as const, ['POST', path, 'operation'] as const]),
  ['GET', '/_history', 'history-system'],
  ['POST', '/', 'batch'],
  ['GET', '/:resourceType/_history', 'history-type'],
  ['GET', '/', 'search-system'],
  ['POST', '/_search', 'search-system'],
  ['POST', '/:resourceType/_search', 'search-type'],
  ['GET', '/:resourceType/:id/_history/:versionId', 'vread'],
  ['GET', '/:resourceType/:id/_history', 'history-instance'],
  ['GET', '/:resourceType/:id', 'read'],
  ['PUT', '/:resourceType/:id', 'update'],
  ['PATCH', '/:resourceType/:id', 'patch'],
  ['DELETE', '/:resourceType/:id', 'delete'],
  ['GET', '/:resourceType', 'search-type'],
  ['POST', '/:resourceType', 'create'],
  ['PUT', '/:resourceType', 'conditional-update'],
  ['PATCH', '/:resourceType', 'conditional-patch'],
  ['DELETE', '/:resourceType', 'conditional-delete'],
  ['GET', '/:resourceType/:id/:searchType', 'search-compartment'],
];

/**
 * Routes of the FHIR endpoint on @koa/router, generated from GRAMMAR. Bundle entries are parsed
 * with the same router (`parseEntry`), so an entry URL means what the same URL means over HTTP.
 */
export class FhirRoutes {
  readonly router: Router<FhirState>;
  private engine: FhirEngine | undefined;

  constructor(
    /** The path the FHIR endpoint is mounted at, e.g. `/fhir`. */
    private readonly prefix: string,
    private readonly baseUrl: () => string,
    capabilities: () => CapabilityStatement,
  ) {
    this.router = new Router<FhirState>({ prefix });
    this.router.get('/metadata', (ctx) =>
      render(ctx as unknown as Context, { status: 200, resource: capabilities() }, this.baseUrl()),
    );
    for (const [method, path, interaction] of GRAMMAR) {
      this.router.register(
        path,
        [method],
        (ctx) => this.serve(ctx as unknown as Context & { state: FhirState }, interaction),
        {
          name: interaction,
        },
      );
    }
  }

  attach(engine: FhirEngine): void {
    this.engine = engine;
  }

  /** Koa middleware: the routes plus 405 (as OperationOutcome via the error exit) for known URLs. */
  middleware() {
    return [this.router.routes(), this.router.allowedMethods({ throw: true })];
  }

  /** An entry's `request.url` (relative to the base) as the interaction the router would pick. */
  parseEntry(method: string, url: string): FhirRoute {
    const [rawPath = '', queryString = ''] = url.split('?', 2);
    const path = `${this.prefix}/${rawPath.replace(/^\/+/, '')}`;
    const layer = this.router.match(path, method.toUpperCase()).pathAndMethod.find((l) => l.name);
    if (!layer?.name)
      throw OperationOutcomeError.of(
        'not-supported',
        `${method} ${rawPath} is not an interaction`,
        'Bundle.entry.request',
      );
    const params = layer.params(path, layer.captures(path));
    return {
      ...toParts(params),
      interaction: layer.name as InteractionName,
      method: method.toUpperCase(),
      query: queryPairs(queryString),
    };
  }

  private async serve(ctx: Context & { state: FhirState }, interaction: InteractionName): Promise<void> {
    if (!this.engine) throw new Error('routes used before the engine was attached');
    const actor = actorOf(ctx.state);
    const request: FhirRequest = {
      interaction,
      method: ctx.method,
      ...toParts(ctx.params as Record<string, string>),
      query: queryPairs(ctx.querystring),
      headers: headersOf(ctx),
      actor,
      ...(ctx.state.body !== undefined ? { body: ctx.state.body } : {}),
    };
    ctx.state.audited = true;
    render(ctx, await this.engine.handle(request), this.baseUrl(), interaction);
  }

  /**
   * A request refused before it reached the engine (unsupported media type, malformed body,
   * unknown URL, 405) as the FhirRequest it tried to be, so that its failure is audited too.
   */
  describeRejected(ctx: Context & { state: FhirState }): FhirRequest {
    const actor = actorOf({ ...ctx.state, access: ctx.state.access ?? ANONYMOUS_ACCESS });
    const base = { query: [], headers: {}, actor };
    try {
      const route = this.parseEntry(ctx.method, ctx.path.slice(this.prefix.length));
      return { ...base, ...route, query: [] };
    } catch {
      return { ...base, interaction: REJECTED_BY_METHOD[ctx.method] ?? 'read' };
    }
  }
}

/** The interaction a request that matched no route most likely meant, by its method. */
const REJECTED_BY_METHOD: Record<string, InteractionName> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Who asks and what they may do; a FHIR route is never reached without the auth middleware's decision. */
function actorOf(state: FhirState): RequestActor {
  if (!state.access) throw new Error('a FHIR route was reached before authentication');
  return state.remoteAddress
    ? { requestId: state.requestId, remoteAddress: state.remoteAddress, access: state.access }
    : { requestId: state.requestId, access: state.access };
}

type UrlParts = Pick<FhirRequest, 'resourceType' | 'id' | 'versionId' | 'searchType' | 'operation'>;

function toParts(params: Record<string, string>): UrlParts {
  const parts: UrlParts = {};
  if (params.resourceType) parts.resourceType = params.resourceType;
  if (params.id) parts.id = params.id;
  if (params.versionId) parts.versionId = params.versionId;
  if (params.searchType) parts.searchType = params.searchType;
  if (params.operation) parts.operation = params.operation;
  return parts;
}

function headersOf(ctx: Context): FhirRequest['headers'] {
  const headers: FhirRequest['headers'] = {};
  const set = (key: keyof FhirRequest['headers'], name: string) => {
    const value = ctx.get(name);
    if (value) headers[key] = value;
  };
  set('ifMatch', 'If-Match');
  set('ifNoneExist', 'If-None-Exist');
  // An empty If-None-Exist is kept, so that it is refused (400) rather than creating blindly.
  if (ctx.headers['if-none-exist'] !== undefined) headers.ifNoneExist ??= '';
  set('ifNoneMatch', 'If-None-Match');
  set('ifModifiedSince', 'If-Modified-Since');
  set('prefer', 'Prefer');
  return headers;
}
