// HL7 v2 end to end: a feed over MLLP into the real program on FerretDB + Redis (receiver → inbox →
// bull → worker → FHIR transaction), in messages per second over k connections and the delay until
// what a message says is searchable; beside it, in the same run and on the same FerretDB, the store's
// own write ceiling: the same messages' transaction Bundles (as the mapper builds them, with the
// Provenance the worker adds) posted straight to the FHIR API at the same concurrency, and the raw
// driver insertOne rate. Feed ÷ ceiling says whether the store or our pipeline is the limit.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { mapMessage, messageTagQuery, MESSAGE_SYSTEM, parseHl7 } from '@nexushealth/adapters';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { textTable } from './figures-table.js';
import { percentile, ratePerSecond, runLoad } from './load-runner.js';
import { rawInsertRate } from './raw-insert.js';
import {
  buildFeed,
  type Delivered,
  dropDatabase,
  type FeedLane,
  feedMessages,
  pendingOfFeed,
  type RunningServer,
  sendLanes,
  startServer,
  UNLIMITED,
  uniqueDatabaseName,
  withDatabase,
} from './test-support.js';

/** Patients per feed run (3 messages each: A01, ORU^R01, A08). */
const PATIENTS = Number(process.env.BENCH_HL7_FEED_PATIENTS ?? 30);
const CONNECTIONS = (process.env.BENCH_HL7_FEED_CONNECTIONS ?? '1,8').split(',').map(Number);
/** Linux clock ticks per second, for /proc/<pid>/stat CPU times. */
const TICKS_PER_S = 100;

interface Figure {
  path: string;
  inFlight: number;
  /** Messages (or Bundles, or inserts) per second. */
  perSecond: number;
  /** Answer latency (send → final ACK, or → CA in enhanced mode; a transaction's answer), ms, sorted. */
  answerMs: number[];
  /** Send of a patient's last message → its Patient stored with it (meta.lastUpdated), ms, sorted. */
  storedMs?: number[];
  errors: number;
  /** CPU of the program (all roles) per message, ms: small beside 1000 / perSecond means it waits. */
  cpuMsPerMessage?: number;
  /** The direct-transaction figure at the same concurrency, for feed rows. */
  ceiling?: number;
  firstError?: string;
}

/** Runs the feed bench on the test services and prints its table (skipped without them). */
export async function runHl7FeedBench(services: { mongodbUrl: string; redisUrl: string } | undefined): Promise<void> {
  if (services === undefined) {
    console.log('hl7 feed skipped: TEST_MONGODB_URL / TEST_REDIS_URL are not set (`npm run bench` starts them)');
    return;
  }
  const { mongodbUrl, redisUrl } = services;
  const databaseName = uniqueDatabaseName('bench_hl7feed');
  const url = withDatabase(mongodbUrl, databaseName);
  const figures: Figure[] = [];
  try {
    for (const mode of ['original', 'enhanced'] as const) {
      const server = await startServer({
        mongodbUrl,
        redisUrl,
        databaseName,
        env: { ...UNLIMITED, HL7_ACK_MODE: mode, HL7_MAX_ATTEMPTS: '20' },
        startTimeoutMs: 120_000,
      });
      try {
        // Feed and direct transactions alternate, so that both see about the same amount of data.
        for (const k of mode === 'original' ? CONNECTIONS : [Math.max(...CONNECTIONS)]) {
          console.log(`hl7 feed: ${mode} mode, ${k} MLLP connection(s), ${PATIENTS * 3} messages …`);
          const feed = await feedRun(server, mode, k);
          if (mode === 'original') {
            console.log(`hl7 feed ceiling: the same Bundles as FHIR transactions, ${k} patient(s) in flight …`);
            const direct = await directRun(server, k);
            feed.ceiling = direct.perSecond;
            figures.push(feed, direct);
          } else figures.push(feed);
        }
      } finally {
        await server.stop();
      }
    }
    const k = Math.max(...CONNECTIONS);
    console.log(`hl7 feed ceiling: raw insertOne, ${k} in flight …`);
    const raw = await rawInsertRate(`${url}_raw`, { concurrency: k, maxOps: 3000, maxMs: 15_000 });
    await dropDatabase(`${url}_raw`);
    figures.push({
      path: 'raw insertOne (driver)',
      inFlight: k,
      perSecond: ratePerSecond(raw),
      answerMs: raw.latenciesMs,
      errors: raw.errors,
      ...(raw.firstError === undefined ? {} : { firstError: raw.firstError }),
    });
  } finally {
    await dropDatabase(url);
  }
  printFigures(figures);
}

async function feedRun(server: RunningServer, mode: 'original' | 'enhanced', k: number): Promise<Figure> {
  const runId = `B${mode[0]!.toUpperCase()}${k}${Date.now().toString(36).toUpperCase()}`;
  const lanes = buildFeed({ runId, patients: PATIENTS });
  const cpuBefore = cpuMs(server.pid);
  const started = Date.now();
  const delivered = await sendLanes(server.mllpPort, lanes, { connections: k });
  // Enhanced mode answers once the message is stored; the feed is done when the worker is.
  while ((await pendingOfFeed(server.origin, lanes)) > 0) await sleep(500);
  const elapsedMs = Date.now() - started;
  const messages = feedMessages(lanes).length;
  const refused = delivered.filter((d) => !['AA', 'CA'].includes(d.ack.code));
  return {
    path: `MLLP feed, ${mode} ACK`,
    inFlight: k,
    perSecond: (messages * 1000) / elapsedMs,
    answerMs: delivered.map((d) => d.answeredAt - d.sentAt).sort((a, b) => a - b),
    storedMs: await storedDelays(server, lanes, delivered),
    errors: refused.length,
    cpuMsPerMessage: (cpuMs(server.pid) - cpuBefore) / messages,
    ...(refused[0] === undefined ? {} : { firstError: `${refused[0].ack.code} ${refused[0].ack.errors.join('; ')}` }),
  };
}

/** The feed's Bundles (as mapped, with the worker's Provenance) posted straight, lane by lane as the feed. */
async function directRun(server: RunningServer, k: number): Promise<Figure> {
  const lanes = buildFeed({ runId: `C${k}${Date.now().toString(36).toUpperCase()}`, patients: PATIENTS });
  const client = server.client({ retries: 0 });
  const answerMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = Date.now();
  const result = await runLoad({ concurrency: k, maxOps: lanes.length, maxMs: 600_000 }, async (i) => {
    for (const message of lanes[i]!.messages) {
      const bundle = withProvenance(mapMessage(parseHl7(message.text)).bundle);
      const t0 = Date.now();
      try {
        await client.transaction(bundle);
        answerMs.push(Date.now() - t0);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  });
  return {
    path: 'FHIR transaction, same Bundles direct',
    inFlight: k,
    perSecond: (result.ops * 3 * 1000) / (Date.now() - started),
    answerMs: answerMs.sort((a, b) => a - b),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** Per lane: its last message's send → the stored Patient's lastUpdated (when the A08 committed). */
async function storedDelays(server: RunningServer, lanes: FeedLane[], delivered: Delivered[]): Promise<number[]> {
  const sentAt = new Map(delivered.map((d) => [d.controlId, d.sentAt]));
  const client = server.client({ retries: 0 });
  const delays: number[] = [];
  for await (const patient of client.searchAll('Patient', [['_count', '500']])) {
    const lane = lanes.find((l) => sameIdentifier(patient, l));
    const sent = lane && sentAt.get(lane.messages.at(-1)!.controlId);
    const updated = patient.meta?.lastUpdated;
    if (sent !== undefined && updated !== undefined) delays.push(Date.parse(updated) - sent);
  }
  return delays.sort((a, b) => a - b);
}

function sameIdentifier(patient: Patient, lane: FeedLane): boolean {
  return (patient.identifier ?? []).some(
    (i) => i.system === lane.identifier.system && i.value === lane.identifier.value,
  );
}

/** User + system CPU of a process so far (/proc/<pid>/stat fields 14 and 15), ms; NaN off Linux. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}
/** The Provenance the worker appends (adapters/src/pipeline/provenance.ts), created only if its tag is new. */
function withProvenance(bundle: Bundle): Bundle {
  const id = randomUUID();
  const targets = (bundle.entry ?? []).map((e) => ({ reference: e.fullUrl ?? '' }));
  return {
    ...bundle,
    entry: [
      ...(bundle.entry ?? []),
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Provenance',
          meta: { tag: [{ system: MESSAGE_SYSTEM, code: id }] },
          target: targets,
          recorded: new Date().toISOString(),
          agent: [{ who: { display: 'bench' } }],
        },
        request: { method: 'POST', url: 'Provenance', ifNoneExist: `_tag=${messageTagQuery(id)}` },
      },
    ],
  };
}

function ms(sorted: number[]): string {
  return `${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 99).toFixed(0)}`;
}

function printFigures(figures: Figure[]): void {
  const header = [
    'path',
    'in flight',
    'per s',
    'answer p50 / p99 ms',
    'errors',
    'send → stored p50 / p99 ms',
    'program CPU ms/msg',
    'of direct',
  ];
  const rows = figures.map((f) => [
    f.path,
    String(f.inFlight),
    f.perSecond.toFixed(1),
    ms(f.answerMs),
    String(f.errors),
    f.storedMs === undefined ? '' : ms(f.storedMs),
    f.cpuMsPerMessage === undefined ? '' : f.cpuMsPerMessage.toFixed(0),
    f.ceiling === undefined ? '' : `${((f.perSecond / f.ceiling) * 100).toFixed(0)}%`,
  ]);
  console.log(`\n${textTable(header, rows, (i) => i > 0)}\n`);
  for (const f of figures.filter((x) => x.firstError !== undefined))
    console.log(`first error, ${f.path} (${f.inFlight} in flight): ${f.firstError ?? ''}`);
}
