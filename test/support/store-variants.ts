// Runs one end-to-end suite twice: on the embedded memory store, and on FerretDB + Redis (the
// services `npm test` starts). Absent services or shared data skip the FerretDB run outside CI
// and fail it in CI (see test/harness/services.ts), so an integration run can never silently vanish.
import type { FhirClient } from '@nexushealth/sdk';
import { requireSharedData, requireTestServices } from '../harness/services.js';
import { dropDatabase } from './drop-database.js';
import { type RunningServer, startServer, withDatabase } from './server-process.js';

export type StoreName = 'memory store' | 'FerretDB + Redis';

/** What a suite body reaches through; filled in by the suite's `before` hook. */
export class E2eContext {
  private running: RunningServer | undefined;
  private readonly dirs = new Map<string, string>();

  constructor(readonly store: StoreName) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  get server(): RunningServer {
    if (!this.running) throw new Error('the server is not started (did the before hook fail?)');
    return this.running;
  }

  /** An SDK client on the server; no retries, so a failure shows as it happened. */
  client(): FhirClient {
    return this.server.client({ retries: 0, timeoutMs: 120_000 });
  }

  /** A shared-data folder the suite asked for in `needs`. */
  dataDir(name: string): string {
    const dir = this.dirs.get(name);
    if (dir === undefined) throw new Error(`shared data "${name}" was not declared in the suite's needs`);
    return dir;
  }

  /** @internal */
  setUp(server: RunningServer, dirs: Map<string, string>): void {
    this.running = server;
    for (const [name, dir] of dirs) this.dirs.set(name, dir);
  }
}

export interface SuiteOptions {
  /** Shared-data folders the suite reads (`../shared/data/<name>`). */
  needs?: string[];
  /** Mocha timeout for the suite's hooks and tests. Default 120 s. */
  timeoutMs?: number;
  /** Extra environment for the program, read when it starts (e.g. the URL of a helper started first). */
  env?: () => Record<string, string>;
}

/** `describe(title [store])` for each store, with the program started before and stopped after. */
export function describeOnEachStore(title: string, options: SuiteOptions, body: (ctx: E2eContext) => void): void {
  for (const store of ['memory store', 'FerretDB + Redis'] as const) {
    describe(`${title} [${store}]`, function () {
      this.timeout(options.timeoutMs ?? 120_000);
      const ctx = new E2eContext(store);
      let cleanUp: (() => Promise<void>) | undefined;

      before(async function () {
        const dirs = new Map<string, string>();
        for (const name of options.needs ?? []) {
          const dir = requireSharedData(name);
          if (dir === undefined) return this.skip();
          dirs.set(name, dir);
        }
        const env = options.env?.() ?? {};
        if (store === 'memory store') {
          const server = await startServer({ env });
          cleanUp = () => server.stop();
          return ctx.setUp(server, dirs);
        }
        const services = requireTestServices(`${title} [${store}]`);
        if (services === undefined) return this.skip();
        const server = await startServer({
          mongodbUrl: services.mongodbUrl,
          redisUrl: services.redisUrl,
          databasePrefix: 'e2e',
          env,
        });
        cleanUp = async () => {
          await server.stop();
          if (server.databaseName) await dropDatabase(withDatabase(services.mongodbUrl, server.databaseName));
        };
        ctx.setUp(server, dirs);
      });

      // The program's last lines, once per suite, when something failed: the first clue to a 500.
      let failed = false;
      afterEach(function () {
        failed ||= this.currentTest?.state === 'failed';
      });

      after(async function () {
        if (failed && ctx.started)
          console.log(
            `      --- server (pid ${ctx.server.pid}) warnings and errors ---\n${notable(ctx.server.output())}`,
          );
        await cleanUp?.();
      });

      body(ctx);
    });
  }
}

/** The warn/error lines of the program's JSON log (request lines would drown them), else the last few lines. */
function notable(output: string): string {
  const lines = output.split('\n');
  const loud = lines.filter((line) => !/"level":"(info|debug)"/.test(line));
  return (loud.length > 0 ? loud.slice(-20) : lines.slice(-10)).join('\n');
}
