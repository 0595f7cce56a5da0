// `npm run conformance`: starts the real program (embedded store, or CONFORMANCE_BASE_URL to test a
// server already running), checks the rules of the R4 RESTful API and search over plain HTTP, and
// prints a scorecard per area ending with `N passed, N failed`. Exit code 1 when a check fails.
import { startServer } from '../support/server-process.js';
import { ALL_CHECKS } from './all-checks.js';
import { formatScorecard, runChecks } from './check.js';
import { seedFixture } from './fixture.js';
import { Wire } from './wire.js';

async function main(): Promise<void> {
  const external = process.env.CONFORMANCE_BASE_URL;
  const server = external === undefined ? await startServer() : undefined;
  try {
    const wire = new Wire(external ?? server?.baseUrl ?? '');
    console.log(`NexusHealth conformance scorecard against ${wire.baseUrl}\n`);
    const results = await runChecks(wire, await seedFixture(wire), ALL_CHECKS);
    console.log(formatScorecard(results));
    process.exitCode = results.some((r) => r.error !== undefined) ? 1 : 0;
  } finally {
    await server?.stop();
  }
}

await main();
