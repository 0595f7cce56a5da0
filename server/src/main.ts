import { createServer, type Server } from 'node:http';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { createApp } from './app.js';
import { answerClientError } from './http/client-error.js';
import { loadConfig, type ServerConfig } from './config.js';
import { MllpServer, createHl7Processor } from '@nexushealth/adapters';
import { FhirClient } from '@nexushealth/sdk';
import type { Logger } from './interactions/engine-context.js';
import { BullJobQueue } from './jobs/bull-queue.js';
import { InProcessJobQueue } from './jobs/in-process-queue.js';
import type { JobQueue } from './jobs/job-queue.js';
import { JsonLogger, withoutMessage } from './logging/json-logger.js';
import { HOT_SEARCH_FIELDS } from './search/hot-search-fields.js';
import { MemoryResourceStore } from './store/memory/memory-store.js';
import { MongoResourceStore } from './store/mongo/mongo-store.js';
import type { FaultInjector } from './store/fault-injector.js';
import type { ResourceStore } from './store/port.js';
import { loadResourceValidator } from './validation/load-validator.js';

/**
 * The composition root: configuration → store → queue → app → listeners. The only file that
 * picks concrete implementations (memory or MongoDB store, in-process or bull queue) and the
 * only one that knows the HL7v2 adapters.
 */
async function main(): Promise<void> {
  const logger = new JsonLogger({ service: 'nexushealth' });
  const config = loadConfig();
  const store = pickStore(config, logger);
  const queue = pickQueue(config, logger);
  const serves = (role: string) => config.role === 'all' || config.role === role;
  const needsStore = serves('api');
  if (needsStore) await store.init();
  let http: Server | undefined;
  let drain = () => {};
  if (serves('api')) {
    const registry = SearchParameterRegistry.loadBase();
    const validator = loadResourceValidator(config.validation, logger);
    const app = createApp({
      store,
      validator,
      registry,
      logger,
      baseUrl: config.baseUrl,
      bodyLimitBytes: config.bodyLimitBytes,
      maxBundleEntries: config.maxBundleEntries,
      searchLimits: { searchSetMax: config.searchSetMax },
      readiness: async () => {
        await Promise.all([store.ping(), queue.ping()]);
      },
    });
    // Stored SearchParameters and definitions in force before the first request, which would
    // otherwise pay their load.
    await Promise.all([app.searchParameters.refresh({ reindex: false }), app.definitions.refresh()]);
    // Slow or stalled clients (unfinished headers, a body shorter than announced) are cut off
    // instead of holding a connection for Node's five-minute default.
    http = createServer({ headersTimeout: 20_000, requestTimeout: 120_000 }, app.koa.callback());
    http.on('clientError', answerClientError);
    await listen(http, config.port, config.host);
    drain = app.startDraining;
    logger.info('FHIR API listening', { url: config.baseUrl, host: config.host, port: config.port });
  }
  if (serves('worker')) startHl7Worker(config, queue);
  const mllp = serves('mllp') ? await startMllp(config, queue, logger) : undefined;
  warnIfExposed(config, logger);
  onShutdown(async () => {
    drain();
    await mllp?.close();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await queue.close();
    if (needsStore) await store.close();
  }, logger);
}

/**
 * HL7v2 worker: maps each queued message to a transaction and delivers it through the SDK to
 * the FHIR API (DESIGN "An HL7v2 message's way"); delivery failures are retried by the queue.
 * One job at a time keeps a feed's messages in arrival order.
 */
function startHl7Worker(config: ServerConfig, queue: JobQueue<string, string>): void {
  const sink = new FhirClient({ baseUrl: config.deliveryUrl });
  queue.process(createHl7Processor({ sink, defaultTimeZone: config.defaultTimeZone }), 1);
}

/** MLLP listener: each message is queued and answered with the ACK once its job is done. */
async function startMllp(config: ServerConfig, queue: JobQueue<string, string>, logger: Logger): Promise<MllpServer> {
  const server = new MllpServer((payload) => queue.enqueue(payload.toString('utf8')), {
    onError: (error) => logger.error('HL7v2 message failed', { error: withoutMessage(error) }),
  });
  const port = await server.listen(config.mllpPort, config.mllpHost);
  logger.info('MLLP listening', { host: config.mllpHost, port });
  return server;
}

function pickStore(config: ServerConfig, logger: Logger): ResourceStore {
  if (config.mongodbUrl) {
    logger.info('store: MongoDB', { url: redactCredentials(config.mongodbUrl) });
    const faultInjector = killAfterWrites(process.env.NEXUS_FAULT_KILL_AFTER_WRITES, logger);
    return new MongoResourceStore({
      url: config.mongodbUrl,
      indexes: HOT_SEARCH_FIELDS,
      searchTimeLimitMs: config.searchTimeLimitMs,
      recoverAfterMs: config.recoverAfterMs,
      ...(faultInjector ? { faultInjector } : {}),
    });
  }
  logger.warn('store: embedded in-memory store (no MONGODB_URL); data is lost when the process stops');
  return new MemoryResourceStore({ searchTimeLimitMs: config.searchTimeLimitMs });
}

/**
 * TEST ONLY: `NEXUS_FAULT_KILL_AFTER_WRITES=<n>` makes the process SIGKILL itself once a unit of
 * work has applied exactly n of its writes (n = the unit's size: all applied, journal not yet
 * removed), so end-to-end tests can prove that a crash inside a transaction leaves nothing
 * half-applied after the restart. Unset (the only production setting) it changes nothing; units
 * with fewer than n writes are never affected.
 */
function killAfterWrites(setting: string | undefined, logger: Logger): FaultInjector | undefined {
  if (setting === undefined || setting === '') return undefined;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 0) throw new Error('NEXUS_FAULT_KILL_AFTER_WRITES must be a non-negative integer');
  logger.warn('TEST FAULT INJECTION ON: the process kills itself inside a unit of work', { afterWrites: n });
  // Steps of one write run in order and carry its index, so the first step of write n (or the
  // finish of a unit of n writes) is the moment exactly n writes are applied.
  return (step, index) => {
    if (step !== 'rollback' && index === n) process.kill(process.pid, 'SIGKILL');
  };
}

function pickQueue(config: ServerConfig, logger: Logger): JobQueue<string, string> {
  if (config.redisUrl) {
    logger.info('queue: bull on Redis', { url: redactCredentials(config.redisUrl) });
    return new BullJobQueue<string, string>('hl7v2-inbound', config.redisUrl);
  }
  logger.warn('queue: in-process (no REDIS_URL); queued HL7v2 messages are lost when the process stops');
  return new InProcessJobQueue<string, string>();
}

/** Until SMART auth exists (issue 6) the API has no access control: say so when it is exposed. */
function warnIfExposed(config: ServerConfig, logger: Logger): void {
  if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
    logger.warn(
      'AUTHENTICATION IS OFF and the API listens beyond loopback: anyone who can reach it can read and write',
      {
        host: config.host,
      },
    );
  }
}

function redactCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** SIGTERM/SIGINT: stop accepting, drain in-flight requests and jobs, close, exit. */
function onShutdown(close: () => Promise<void>, logger: Logger): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('shutting down', { signal });
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Listens, or fails with one clear line when the port cannot be had (EADDRINUSE, EACCES). */
async function listen(http: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(new StartError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    http.listen(port, host, resolve);
  });
}

/** A start failure whose message says it all (no stack needed). */
class StartError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof StartError) process.stderr.write(`nexushealth: ${error.message}\n`);
  else new JsonLogger().error('start failed', { error });
  process.exit(1);
});
