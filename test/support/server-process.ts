// Starts the real program (`node server/dist/main.js`) as a child process on free loopback ports,
// so end-to-end suites, the demo and the benchmarks exercise exactly what an operator runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendServicesAuth, BackendServicesTokens, FhirClient, type FhirClientOptions } from '@nexushealth/sdk';
import { freePorts, repoRoot, uniqueDatabaseName } from '../harness/services.js';
import { e2eAdmin } from './e2e-admin.js';
import { LineTail } from './line-tail.js';
import { forgetCredentials, rememberCredentials } from './server-credentials.js';

/** What the harness's admin asks for: everything (the bootstrap admin is registered with it). */
export const ADMIN_SCOPE = 'system/*.cruds';

export interface ServerStartOptions {
  /** The MongoDB (FerretDB) server; a database unique to this start is appended to its path. */
  mongodbUrl?: string;
  /** The Redis server for the bull queue. */
  redisUrl?: string;
  /** Prefix of the unique database name, to tell runs apart when looking at FerretDB. */
  databasePrefix?: string;
  /** Use this database instead of a new unique one: a restart on the data of an earlier start. */
  databaseName?: string;
  /**
   * Extra environment for the program (wins over the defaults). The default is AUTH_MODE=smart
   * with the run's bootstrap admin (e2e-admin.ts); `AUTH_MODE: 'off'` starts it without auth.
   */
  env?: Record<string, string>;
  /** How long /healthz and then /readyz may take, in total. Default 90 s (a shared, loaded machine). */
  startTimeoutMs?: number;
  /**
   * ROLE of the process (DESIGN "Running"), default `all`. Only `api` and `all` serve HTTP, so the
   * start waits for /healthz and /readyz; `mllp` waits until its port takes connections; `worker`
   * has nothing to probe and counts as started once spawned (its jobs wait in Redis meanwhile).
   */
  role?: 'all' | 'api' | 'worker' | 'mllp';
}

export interface RunningServer {
  /** The FHIR base, e.g. `http://127.0.0.1:40001/fhir`. */
  baseUrl: string;
  /** The HTTP origin, e.g. `http://127.0.0.1:40001` (for /healthz and /readyz). */
  origin: string;
  mllpPort: number;
  pid: number;
  /** The database this start uses, when Mongo-backed. */
  databaseName?: string;
  /** The bootstrap admin's SMART Backend Services credentials; undefined when AUTH_MODE=off. */
  auth?: BackendServicesAuth;
  /** A FhirClient on `baseUrl` authenticated as the admin (when auth is on); all share one token. */
  client(options?: Omit<FhirClientOptions, 'baseUrl' | 'auth'>): FhirClient;
  /** An admin access token from the program's token endpoint (fhir-kit-client, raw HTTP); '' when auth is off. */
  bearer(): Promise<string>;
  /** The last lines the program wrote (for error messages). */
  output(): string;
  /** SIGTERM to this PID, wait for the exit, SIGKILL after 10 s. Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves when the process has exited, however it ended (e.g. killed by a fault injection). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to this PID (a crash: no shutdown at all); resolves once it has exited. */
  kill(): Promise<void>;
  /** Undefined while running, else the exit code or the signal that ended it. */
  exitCode(): number | NodeJS.Signals | undefined;
}

const KILL_AFTER_MS = 10_000;

/** Starts the program and resolves once /healthz and /readyz both answer 200. */
export async function startServer(options: ServerStartOptions = {}): Promise<RunningServer> {
  const [port, mllpPort] = await freePorts(2);
  const origin = `http://127.0.0.1:${port}`;
  const databaseName =
    options.mongodbUrl === undefined
      ? undefined
      : (options.databaseName ?? uniqueDatabaseName(options.databasePrefix ?? 'e2e'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    MLLP_PORT: String(mllpPort),
    HOST: '127.0.0.1',
    // An explicit loopback IP: `localhost` may resolve to ::1 first, where nothing listens, and
    // the SDK only follows `next` links under the base URL it was given.
    BASE_URL: `${origin}/fhir`,
    // FerretDB 1.24 scans a whole collection for every filter but `_id`, and the test machine is
    // shared: searches over a loaded Synthea set pass the 5 s production default there. Suites
    // about the limit itself set their own.
    SEARCH_TIME_LIMIT_MS: '120000',
    // Loads (Synthea, HL7 corpora, the scorecard) send far more than one client's budget from the
    // harness's one admin; suites about the limit itself set their own.
    RATE_LIMIT_PER_MINUTE: '0',
    ROLE: options.role ?? 'all',
  };
  delete env.MONGODB_URL;
  delete env.REDIS_URL;
  if (options.mongodbUrl !== undefined && databaseName !== undefined)
    env.MONGODB_URL = withDatabase(options.mongodbUrl, databaseName);
  if (options.redisUrl !== undefined) env.REDIS_URL = options.redisUrl;
  const admin = await e2eAdmin();
  // The bootstrap admin belongs to the program's own authorization server; a suite that names an
  // external one (AUTH_ISSUER) or AUTH_MODE=off brings its own tokens, if any.
  const ownServer = (options.env?.AUTH_MODE ?? 'smart') !== 'off' && options.env?.AUTH_ISSUER === undefined;
  Object.assign(
    env,
    ownServer ? { AUTH_MODE: 'smart', AUTH_ADMIN_CLIENT_ID: admin.clientId, AUTH_ADMIN_JWKS: admin.jwks } : {},
    options.env,
  );
  const auth: BackendServicesAuth | undefined = ownServer
    ? { clientId: admin.clientId, privateKey: admin.privateJwk, scope: ADMIN_SCOPE }
    : undefined;

  const tail = new LineTail();
  const child = spawn(process.execPath, [path.join(repoRoot(), 'server', 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  tail.follow(child.stdout, 'out');
  tail.follow(child.stderr, 'err');
  if (child.pid === undefined) throw new Error(`could not start the server: ${tail.text()}`);
  const pid = child.pid;
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  // A spawn error rejects it; that error also fails the start below, so it is reported there.
  exited.catch(() => undefined);
  const stop = stopper(child, origin);
  try {
    const role = options.role ?? 'all';
    const timeoutMs = options.startTimeoutMs ?? 90_000;
    if (role === 'all' || role === 'api') await waitUntilReady(origin, child, timeoutMs);
    else if (role === 'mllp') await waitUntilListening(mllpPort, child, timeoutMs);
  } catch (error) {
    await stop();
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`server (pid ${pid}) did not become ready: ${why}\n--- its last output ---\n${tail.text()}`);
  }
  const baseUrl = `${origin}/fhir`;
  const tokens = auth === undefined ? undefined : new BackendServicesTokens(auth, { baseUrl });
  if (tokens !== undefined) rememberCredentials(origin, tokens);
  return {
    baseUrl,
    origin,
    mllpPort,
    pid,
    ...(databaseName === undefined ? {} : { databaseName }),
    ...(auth === undefined ? {} : { auth }),
    client: (clientOptions = {}) =>
      new FhirClient({ ...clientOptions, baseUrl, ...(tokens === undefined ? {} : { auth: tokens }) }),
    bearer: () => tokens?.accessToken() ?? Promise.resolve(''),
    output: () => tail.text(),
    stop,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      await exited;
    },
    exitCode: () => child.exitCode ?? child.signalCode ?? undefined,
  };
}

/** `mongodb://h:p/?x=y` + `db` → `mongodb://h:p/db?x=y` (any database already in the path is replaced). */
export function withDatabase(mongodbUrl: string, databaseName: string): string {
  const url = new URL(mongodbUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function waitUntilReady(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const probe of ['/healthz', '/readyz']) {
    let last = 'no answer yet';
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`it exited (code ${child.exitCode}, signal ${child.signalCode}) before ${probe} answered`);
      }
      const status = await fetch(`${origin}${probe}`, { signal: AbortSignal.timeout(2000) }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (status === 200) break;
      last = String(status);
      if (Date.now() > deadline) throw new Error(`${probe} not 200 within ${timeoutMs} ms (last: ${last})`);
      await sleep(100);
    }
  }
}

async function waitUntilListening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`it exited (code ${child.exitCode}, signal ${child.signalCode}) before MLLP listened`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`MLLP port ${port} not listening within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function stopper(child: ChildProcess, origin: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    forgetCredentials(origin);
    return (stopping ??= stopChild(child));
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
