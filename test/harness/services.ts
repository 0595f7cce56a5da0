// Access to the test services (FerretDB and Redis) and shared data that `npm test` provides.
// `scripts/with-services.mjs` starts the services and passes their URLs in TEST_MONGODB_URL and
// TEST_REDIS_URL. Outside CI a suite may skip when they are absent; in CI it must fail instead,
// so an integration test can never silently not run.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TestServices {
  /** e.g. `mongodb://127.0.0.1:40123/` (FerretDB 1.x, SQLite handler: no transactions). */
  mongodbUrl: string;
  /** e.g. `redis://127.0.0.1:40124`. */
  redisUrl: string;
}

/** True when running in CI (`CI` set to anything but "", "0" or "false"). */
export function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** The services started by `npm test`, or undefined when the env vars are absent. */
export function testServices(): TestServices | undefined {
  const mongodbUrl = process.env.TEST_MONGODB_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!mongodbUrl || !redisUrl) return undefined;
  return { mongodbUrl, redisUrl };
}

/**
 * For an integration suite's `before`: the services, or undefined (after printing why) so the
 * suite can `this.skip()`. Throws in CI, where skipping is not allowed.
 */
export function requireTestServices(suiteName: string): TestServices | undefined {
  const services = testServices();
  if (services) return services;
  const why = `${suiteName}: TEST_MONGODB_URL and TEST_REDIS_URL are not set`;
  if (isCi()) throw new Error(`${why}; in CI integration suites must run: use \`npm test\``);
  console.warn(`  (skipped) ${why}; run via \`npm test\` (or \`npm run services\` and export the URLs it prints)`);
  return undefined;
}

/** The repository root: the nearest folder up from this file that holds `tsconfig.base.json`. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'tsconfig.base.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root (tsconfig.base.json) not found');
    dir = parent;
  }
}

/** Shared test data: `NEXUS_SHARED_DATA`, else `<repo>/../shared/data` when it exists. */
export function sharedDataDir(): string | undefined {
  const fromEnv = process.env.NEXUS_SHARED_DATA;
  if (fromEnv) return path.resolve(fromEnv);
  const beside = path.resolve(repoRoot(), '..', 'shared', 'data');
  return existsSync(beside) ? beside : undefined;
}

/**
 * The folder `<shared data>/<name>`, or undefined (after printing why) so the suite can
 * `this.skip()`. Throws in CI, where the shared data is always present.
 */
export function requireSharedData(name: string): string | undefined {
  const base = sharedDataDir();
  const dir = base === undefined ? undefined : path.join(base, name);
  if (dir !== undefined && existsSync(dir)) return dir;
  const why = `shared data "${name}" not found (${dir ?? 'set NEXUS_SHARED_DATA or place it in ../shared/data'})`;
  if (isCi()) throw new Error(`${why}; in CI it must be present`);
  console.warn(`  (skipped) ${why}`);
  return undefined;
}

/** A free loopback TCP port: bind port 0 on 127.0.0.1, read it, close. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/** `count` distinct free ports: every one stays bound until all are known, so none repeats. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  try {
    return await Promise.all(
      servers.map(async (server) => {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', resolve);
        });
        const address = server.address();
        if (address === null || typeof address === 'string') throw new Error('could not read the bound port');
        return address.port;
      }),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** A database name unique to one suite run, so suites never see each other's data. */
export function uniqueDatabaseName(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 32);
  return `${safe}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
