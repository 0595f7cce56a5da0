// `npm run bench`: FHIR create, read, search and transaction-ingest throughput with p50/p99 latency
// at a fixed concurrency, on the embedded memory store and on FerretDB, plus the raw mongodb-driver
// insertOne rate on the same FerretDB as the ceiling; then token, string, date, chained, _include and
// _revinclude searches over a large data set. Loopback only; figures only, never pass/fail.
import { type Budgets, runFhirWorkload } from './fhir-workload.js';
import { formatTable, type Row } from './figures-table.js';
import { runHl7FeedBench } from './hl7-feed.js';
import { runHl7ParseMapBench } from './hl7-parse-map.js';
import { ratePerSecond } from './load-runner.js';
import { rawInsertRate } from './raw-insert.js';
import { benchRunId, loadSearchData, runSearchWorkload } from './search-workload.js';
import { formatValidationFigures, runValidationBench } from './validation.js';
import {
  dropDatabase,
  type RunningServer,
  startServer,
  UNLIMITED,
  testServices,
  uniqueDatabaseName,
  withDatabase,
} from './test-support.js';

const CONCURRENCY = 16;
/** `BENCH_ONLY=throughput|search|validation|hl7|hl7feed` runs one part. */
const ONLY = process.env.BENCH_ONLY;
const SEARCH_RESOURCES = Number(process.env.BENCH_SEARCH_RESOURCES ?? 100_000);
/** FerretDB 1.x scans the whole collection for every non-_id filter, so it gets a smaller set. */
const SEARCH_RESOURCES_FERRETDB = Number(process.env.BENCH_SEARCH_RESOURCES_FERRETDB ?? 2_000);
const SEARCH_BUDGET = { concurrency: CONCURRENCY, maxOps: 2000, maxMs: 10_000 };
const BUDGETS: Budgets = {
  create: { concurrency: CONCURRENCY, maxOps: 3000, maxMs: 15_000 },
  read: { concurrency: CONCURRENCY, maxOps: 6000, maxMs: 10_000 },
  search: { concurrency: CONCURRENCY, maxOps: 3000, maxMs: 10_000 },
  transaction: { concurrency: CONCURRENCY, maxOps: 400, maxMs: 15_000 },
};

async function measure(backend: string, server: RunningServer): Promise<Row[]> {
  try {
    const figures = await runFhirWorkload(server.client({ retries: 0, timeoutMs: 60_000 }), BUDGETS);
    return figures.map((f) => ({
      backend,
      operation: f.operation,
      result: f.result,
      resourcesPerOp: f.resourcesPerOp,
    }));
  } finally {
    await server.stop();
  }
}

/** Create, read, search by identifier and transaction ingest, with the raw-driver ceiling. */
async function throughput(mongodbUrl: string | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  console.log('memory store …');
  rows.push(...(await measure('memory', await startServer({ env: UNLIMITED }))));

  if (mongodbUrl !== undefined) {
    console.log('FerretDB …');
    const server = await startServer({ mongodbUrl: mongodbUrl, databasePrefix: 'bench', env: UNLIMITED });
    const database = server.databaseName;
    rows.push(...(await measure('FerretDB', server)));
    if (database !== undefined) await dropDatabase(withDatabase(mongodbUrl, database));
    console.log('FerretDB raw insertOne …');
    const rawUrl = withDatabase(mongodbUrl, uniqueDatabaseName('bench_raw'));
    const raw = await rawInsertRate(rawUrl, BUDGETS.create);
    await dropDatabase(rawUrl);
    const ceiling = ratePerSecond(raw);
    rows.push({
      backend: 'FerretDB',
      operation: 'raw insertOne (driver)',
      result: raw,
      resourcesPerOp: 1,
      note: 'ceiling',
    });
    for (const row of rows.filter((r) => r.backend === 'FerretDB' && r.operation === 'create')) {
      row.note = `${((ratePerSecond(row.result) / ceiling) * 100).toFixed(1)}% of raw insertOne`;
    }
    const txn = rows.find((r) => r.backend === 'FerretDB' && r.operation.startsWith('transaction'));
    if (txn)
      txn.note = `${(((ratePerSecond(txn.result) * txn.resourcesPerOp) / ceiling) * 100).toFixed(1)}% of raw insertOne (resources/s)`;
  }
  return rows;
}

/** Searches over SEARCH_RESOURCES on memory and SEARCH_RESOURCES_FERRETDB on FerretDB. */
async function searches(mongodbUrl: string | undefined): Promise<Row[]> {
  const targets: Array<[string, number, string | undefined]> = [['memory', SEARCH_RESOURCES, undefined]];
  if (mongodbUrl !== undefined) targets.push(['FerretDB', SEARCH_RESOURCES_FERRETDB, mongodbUrl]);
  const rows: Row[] = [];
  for (const [backend, total, url] of targets) {
    const server = await startServer({
      ...(url === undefined ? {} : { mongodbUrl: url, databasePrefix: 'bench_search' }),
      // FerretDB scans for every filter: a figure past the default 5 s limit beats a 422.
      env: { ...UNLIMITED, BUNDLE_MAX_ENTRIES: '1000', SEARCH_TIME_LIMIT_MS: '120000' },
      startTimeoutMs: 120_000,
    });
    try {
      console.log(`${backend}: loading ${total} resources for the search workloads …`);
      const data = await loadSearchData(server.baseUrl, total, benchRunId());
      console.log(
        `${backend}: ${data.resources} loaded in ${(data.loadMs / 1000).toFixed(1)} s (${((data.resources * 1000) / data.loadMs).toFixed(0)} resources/s)`,
      );
      rows.push(...(await runSearchWorkload(server.baseUrl, backend, SEARCH_BUDGET, data)));
    } finally {
      await server.stop();
      if (url !== undefined && server.databaseName !== undefined)
        await dropDatabase(withDatabase(url, server.databaseName));
    }
  }
  return rows;
}

/** Profile validation in process (no server, no services): figures of their own. */
function validation(): void {
  console.log('profile validation …');
  const figures = runValidationBench();
  if (figures.length > 0) console.log(`\n${formatValidationFigures(figures)}\n`);
}

async function main(): Promise<void> {
  if (ONLY === 'validation') return validation();
  if (ONLY === 'hl7') return runHl7ParseMapBench();
  if (ONLY === 'hl7feed') return runHl7FeedBench(testServices());
  console.log(`NexusHealth bench: ${CONCURRENCY} in flight, loopback, node ${process.version}`);
  console.log(
    `budgets (ops / ms): ${Object.entries(BUDGETS)
      .map(([k, b]) => `${k} ${b.maxOps}/${b.maxMs}`)
      .join(', ')}\n`,
  );
  const rows: Row[] = [];
  const services = testServices();
  if (services === undefined)
    console.log('FerretDB skipped: TEST_MONGODB_URL is not set (`npm run bench` starts the services itself)');
  if (ONLY !== 'search') rows.push(...(await throughput(services?.mongodbUrl)));
  if (ONLY !== 'throughput') rows.push(...(await searches(services?.mongodbUrl)));
  console.log(`\n${formatTable(rows)}\n`);
  for (const row of rows.filter((r) => r.result.firstError !== undefined)) {
    console.log(`first error, ${row.backend} ${row.operation}: ${row.result.firstError ?? ''}`);
  }
  if (ONLY === undefined) {
    validation();
    runHl7ParseMapBench();
    await runHl7FeedBench(services);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
