import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { memoryAuthStorage } from '../auth/server/auth-storage.js';
import { AuthorizationServer, type AuthorizationServerOptions } from '../auth/server/authorization-server.js';
import { createApp, FHIR_PATH, type AppOptions, type FhirApp } from '../app.js';
import { TokenVerifier, type TokenVerification } from '../auth/token-verifier.js';
import type { Logger } from '../interactions/engine-context.js';
import type { SearchLimits } from '../search/search-limits.js';
import type { SecuritySettings } from '../security-settings.js';
import type { FaultInjector } from '../store/fault-injector.js';
import { MemoryResourceStore } from '../store/memory/memory-store.js';
import { loadResourceValidator } from '../validation/load-validator.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { TestAuthority, type TestTokenRequest } from './test-auth.js';

/** A clock the test moves by hand, so lastUpdated, Last-Modified and `_since` are exact. */
export class TestClock {
  #time: number;

  constructor(start = '2026-01-02T03:04:05.000Z') {
    this.#time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.#time);
  }

  set(instant: string): void {
    this.#time = Date.parse(instant);
  }

  advance(ms: number): void {
    this.#time += ms;
  }
}

export interface TestServer {
  /** The FHIR base, e.g. http://127.0.0.1:41234/fhir. */
  baseUrl: string;
  store: MemoryResourceStore;
  clock: TestClock;
  app: FhirApp;
  /** With `auth: true`: the in-process authorization server whose tokens the server accepts. */
  authority?: TestAuthority;
  /** A signed access token (`auth: true` only), e.g. `await server.token({ scope: 'system/*.cruds' })`. */
  token(request: TestTokenRequest): Promise<string>;
  /** Set when started with the `authorizationServer` option. */
  authorizationServer?: AuthorizationServer;
  close(): Promise<void>;
}

export interface TestServerOptions {
  bodyLimitBytes?: number;
  maxBundleEntries?: number;
  searchLimits?: Partial<SearchLimits>;
  searchTimeLimitMs?: number;
  /** The memory store's commit hook (store/fault-injector.ts): a throw fails the write there. */
  faultInjector?: FaultInjector;
  /** CORS, rate limit, body bounds (default: the server's defaults: CORS and rate limit off). */
  security?: Partial<SecuritySettings>;
  /** Default: silent. */
  logger?: Logger;
  /** Default: `profiles`, nothing required, no IG packages (the server's defaults). */
  validation?: Partial<ValidationSettings>;
  /** Routers beside the FHIR API (the HL7 v2 edge's tests). */
  extraRouters?: AppOptions['extraRouters'];
  /**
   * AUTH_MODE=smart with an in-process test key (TestAuthority): every FHIR and HL7 v2 request
   * needs `Authorization: Bearer ${await server.token({ scope })}`. Default: auth off.
   */
  auth?: boolean;
  /** NexusHealth's own authorization server (auth/server/) over memory storage, at /auth. */
  authorizationServer?: Omit<AuthorizationServerOptions, 'baseUrl' | 'storage' | 'isResourceType'>;
}

/** Errors are part of what the suites provoke; a test run must not print them. */
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

let registry: SearchParameterRegistry | undefined;
const DEFAULT_VALIDATION: ValidationSettings = { level: 'profiles', requiredProfiles: new Map(), igPackages: [] };

/**
 * The real Koa app on an ephemeral loopback port, over the embedded store: what a client sees,
 * in-process. Ids are sequential (`t1`, `t2`, …) and the clock only moves when the test moves it.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const http = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${FHIR_PATH}`;
  const store = new MemoryResourceStore({
    ...(options.searchTimeLimitMs === undefined ? {} : { searchTimeLimitMs: options.searchTimeLimitMs }),
    ...(options.faultInjector === undefined ? {} : { faultInjector: options.faultInjector }),
  });
  const clock = new TestClock();
  let nextId = 0;
  const validator = loadResourceValidator({ ...DEFAULT_VALIDATION, ...options.validation });
  const authority = options.auth
    ? await TestAuthority.create(`http://127.0.0.1:${port}/auth`, baseUrl, () => clock.now())
    : undefined;
  const authorizationServer =
    options.authorizationServer &&
    new AuthorizationServer({
      ...options.authorizationServer,
      baseUrl,
      storage: memoryAuthStorage(),
      isResourceType: (name) => validator.resourceTypes.has(name),
    });
  await authorizationServer?.init();
  const app = createApp({
    store,
    validator,
    registry: (registry ??= SearchParameterRegistry.loadBase()),
    logger: options.logger ?? silent,
    baseUrl,
    readiness: async () => undefined,
    now: () => clock.now(),
    newId: () => `t${++nextId}`,
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.maxBundleEntries !== undefined ? { maxBundleEntries: options.maxBundleEntries } : {}),
    ...(options.searchLimits !== undefined ? { searchLimits: options.searchLimits } : {}),
    ...(options.extraRouters !== undefined ? { extraRouters: options.extraRouters } : {}),
    // No rate limit unless a suite asks: suites send far more than a client's budget from one address.
    security: { rateLimitPerMinute: 0, ...options.security },
    ...(authority ? { auth: { mode: 'smart', verifier: testVerifier(authority, validator, () => clock.now()) } } : {}),
    ...(authorizationServer
      ? {
          authorizationServer,
          auth: {
            mode: 'smart',
            verifier: testVerifier(ownIssuer(authorizationServer, baseUrl), validator, () => new Date(), {
              requireAtJwt: true,
              clientRegistered: (clientId) => authorizationServer.clientRegistered(clientId),
            }),
          },
        }
      : {}),
  });
  handle = app.koa.callback();
  const close = async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
  };
  const token = (request: TestTokenRequest) => {
    if (!authority) throw new Error('server.token needs startTestServer({ auth: true })');
    return authority.token(request);
  };
  return {
    baseUrl,
    store,
    clock,
    app,
    ...(authority ? { authority } : {}),
    ...(authorizationServer ? { authorizationServer } : {}),
    token,
    close,
  };
}

/**
 * The production verifier and defaults (AUTH_ALGORITHMS, 30 s leeway, `roles`, 24 h lifetime bound), over a
 * test issuer and clock; our own issuer's tokens also `at+jwt` and of a registered client.
 */
function testVerifier(
  issuer: Pick<TestAuthority, 'issuer' | 'audience' | 'keys'>,
  validator: ReturnType<typeof loadResourceValidator>,
  now: () => Date,
  ownIssuer: Pick<TokenVerification, 'clientRegistered'> & { requireAtJwt?: boolean } = {},
): TokenVerifier {
  return new TokenVerifier({
    requireAtJwt: false,
    maxLifetimeSeconds: 86_400,
    ...ownIssuer,
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys: issuer.keys,
    algorithms: ['RS256', 'RS384', 'ES256', 'ES384'],
    clockToleranceSeconds: 30,
    claims: { rolesClaim: 'roles', isResourceType: (name) => validator.isResourceType(name) },
    now,
  });
}

/** Our own authorization server as the issuer; its tokens are signed on the real clock. */
function ownIssuer(server: AuthorizationServer, audience: string): Pick<TestAuthority, 'issuer' | 'audience' | 'keys'> {
  return { issuer: server.urls.issuer, audience, keys: server.keys.verificationKey };
}
