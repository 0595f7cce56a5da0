// `npm run fuzz`: the REST API fuzzed for FUZZ_SECONDS (default 60) with FUZZ_SEED (default: the
// time) against the real program on the memory store — or on MONGODB_URL when it is set (FerretDB).
// Prints counts by status and interaction; exits 1 on any 5xx, hang, crash or non-FHIR error.
// FUZZ_AUTH=smart runs the server with authentication on: requests carry the run's admin token
// (all scopes) unless they carry a forged or malformed one of their own.
import { sharedDataDir } from '../harness/services.js';
import { startServer } from '../support/server-process.js';
import { formatReport, runFuzz } from './fuzz-run.js';
import path from 'node:path';
import { existsSync } from 'node:fs';

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const data = sharedDataDir();
const examplesDir = data === undefined ? undefined : path.join(data, 'fhir-r4-examples');

const server = await startServer({
  ...(process.env.MONGODB_URL ? { mongodbUrl: process.env.MONGODB_URL, databasePrefix: 'fuzz' } : {}),
  // By default the fuzz aims at the FHIR engine, not at the token check in front of it;
  // FUZZ_AUTH=smart aims at that check (forged and malformed tokens are among the headers).
  // No rate limit: a 429 would hide what the engine does with the request.
  env: { AUTH_MODE: process.env.FUZZ_AUTH ?? 'off', RATE_LIMIT_PER_MINUTE: '0' },
});
try {
  const report = await runFuzz({
    baseUrl: server.baseUrl,
    origin: server.origin,
    seed,
    seconds,
    concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 4),
    ...(process.env.FUZZ_AUTH === 'smart' ? { bearer: () => server.bearer() } : {}),
    ...(examplesDir !== undefined && existsSync(examplesDir) ? { examplesDir } : {}),
  });
  const crashed = server.exitCode() !== undefined;
  console.log(formatReport(report));
  if (crashed) console.log(`the server exited (${String(server.exitCode())}):\n${server.output()}`);
  process.exitCode = report.failures.length > 0 || !report.alive || crashed ? 1 : 0;
} finally {
  await server.stop();
}
