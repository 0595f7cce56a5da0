// `npm run bench`: FHIR create, read, search and transaction-ingest throughput with p50/p99 latency
// at a fixed concurrency, on the embedded memory store and on FerretDB, plus the raw mongodb-driver
// insertOne rate on the same FerretDB as the ceiling. Loopback only; figures only, never pass/fail.
import { type Budgets, runFhirWorkload } from './fhir-workload.js';
import { formatTable, type Row } from './figures-table.js';
import { ratePerSecond } from './load-runner.js';
import { rawInsertRate } from './raw-insert.js';
import {
  dropDatabase,
  type RunningServer,
  startServer,
  testServices,
  uniqueDatabaseName,
  withDatabase,
} from './test-support.js';

const CONCURRENCY = 16;
const BUDGETS: Budgets = {
  create: { concurrency: CONCURRENCY, maxOps: 3000, maxMs: 15_000 },
  read: { concurrency: CONCURRENCY, maxOps: 6000, maxMs: 10_000 },
  search: { concurrency: CONCURRENCY, maxOps: 3000, maxMs: 10_000 },
  transaction: { concurrency: CONCURRENCY, maxOps: 400, maxMs: 15_000 },
};

async function measure(backend: string, server: RunningServer): Promise<Row[]> {
  try {
    const figures = await runFhirWorkload(server.baseUrl, BUDGETS);
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

async function main(): Promise<void> {
  console.log(`NexusHealth bench: ${CONCURRENCY} in flight, loopback, node ${process.version}`);
  console.log(
    `budgets (ops / ms): ${Object.entries(BUDGETS)
      .map(([k, b]) => `${k} ${b.maxOps}/${b.maxMs}`)
      .join(', ')}\n`,
  );
  const rows: Row[] = [];
  console.log('memory store …');
  rows.push(...(await measure('memory', await startServer())));

  const services = testServices();
  if (services === undefined) {
    console.log('FerretDB skipped: TEST_MONGODB_URL is not set (`npm run bench` starts the services itself)');
  } else {
    console.log('FerretDB …');
    const server = await startServer({ mongodbUrl: services.mongodbUrl, databasePrefix: 'bench' });
    const database = server.databaseName;
    rows.push(...(await measure('FerretDB', server)));
    if (database !== undefined) await dropDatabase(withDatabase(services.mongodbUrl, database));
    console.log('FerretDB raw insertOne …');
    const rawUrl = withDatabase(services.mongodbUrl, uniqueDatabaseName('bench_raw'));
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
  console.log(`\n${formatTable(rows)}\n`);
  for (const row of rows.filter((r) => r.result.firstError !== undefined)) {
    console.log(`first error, ${row.backend} ${row.operation}: ${row.result.firstError ?? ''}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
