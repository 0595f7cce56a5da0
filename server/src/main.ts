import type { Server } from 'node:http';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { createApp } from './app.js';
import type { AuthSettings } from './auth-settings.js';
import { remoteKeySet } from './auth/remote-key-set.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { MongoAuthStorage } from './auth/mongo/mongo-auth-storage.js';
import { memoryAuthStorage, type AuthStorage } from './auth/server/auth-storage.js';
import type { ClientRegistry } from './auth/server/client-registry.js';
import { AuthorizationServer } from './auth/server/authorization-server.js';
import { registerBootstrapAdmin } from './auth/server/bootstrap-admin.js';
import type { AuthGuard } from './middleware/auth.js';
import { answerClientError } from './http/client-error.js';
import { createListener } from './http/listener.js';
import { loadConfig, type ServerConfig } from './config.js';
import {
  MemoryInbox,
  createHl7Receiver,
  createHl7Worker,
  startInboxSweeper,
  type Hl7Inbox,
  type Hl7Receiver,
  type MappingOptions,
} from '@nexushealth/adapters';
import { FhirClient, type BackendServicesAuth } from '@nexushealth/sdk';
import { hl7Routes } from './hl7/http/hl7-routes.js';
import { Hl7InboxApi } from './hl7/inbox-api.js';
import { Hl7HttpIngest } from './hl7/message-ingest.js';
import { hl7DeliveryAuth, type DeliveryAuth } from './hl7/delivery-auth.js';
import { startMllpListener } from './hl7/mllp-listener.js';
import { remoteSecurityAudit } from './hl7/remote-security-audit.js';
import { MongoHl7Inbox } from './hl7/mongo/mongo-inbox.js';
import type { SecurityAuditInput } from './audit/security-event.js';
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
import type { ResourceValidator } from './validation/resource-validator.js';

/**
 * The composition root: configuration → store → queue → app → listeners. The only file that
 * picks concrete implementations (memory or MongoDB store, in-process or bull queue) and the
 * only one that knows the HL7v2 adapters.
 */
async function main(): Promise<void> {
  const logger = new JsonLogger({ service: 'nexushealth' });
  const config = configOrStop();
  const store = pickStore(config, logger);
  const queue = pickQueue(config, logger);
  const inbox = pickInbox(config, logger);
  const serves = (role: string) => config.role === 'all' || config.role === role;
  const needsStore = serves('api');
  if (needsStore) await store.init();
  await inbox.init();
  const receive = hl7Receiver(config, inbox, queue, logger);
  let http: Server | undefined;
  let drain = () => {};
  let auditSecurity: ((input: SecurityAuditInput) => Promise<void>) | undefined;
  let closeAuth = async () => {};
  let clientRegistry: ClientRegistry | undefined;
  if (serves('api')) {
    const registry = SearchParameterRegistry.loadBase();
    const validator = loadResourceValidator(config.validation, logger);
    const own = await ownAuthorizationServer(config, validator, logger);
    if (own) closeAuth = own.close;
    clientRegistry = own?.storage.clients;
    const app = createApp({
      store,
      validator,
      registry,
      logger,
      baseUrl: config.baseUrl,
      bodyLimitBytes: config.bodyLimitBytes,
      maxBundleEntries: config.maxBundleEntries,
      searchLimits: { searchSetMax: config.searchSetMax },
      security: config.security,
      auth: authGuard(config.auth, validator, logger, own?.server),
      ...(own ? { authorizationServer: own.server } : {}),
      readiness: async () => {
        await Promise.all([store.ping(), queue.ping(), inbox.ping()]);
      },
      extraRouters: [
        hl7Routes({
          ingest: new Hl7HttpIngest((payload, sender) => receive(payload, sender), logger),
          api: new Hl7InboxApi(inbox, (id) => queue.enqueue(id), logger),
          bodyLimitBytes: config.bodyLimitBytes,
          // Called per request, once `app` exists: the edge's events go to the same audit trail.
          audit: { audit: (input) => app.engine.auditSecurity(input), logger, now: () => new Date() },
        }),
      ],
    });
    // Stored SearchParameters and definitions in force before the first request, which would
    // otherwise pay their load.
    await Promise.all([app.searchParameters.refresh({ reindex: false }), app.definitions.refresh()]);
    http = createListener(config.security.tls, app.koa.callback());
    http.on('clientError', answerClientError);
    await listen(http, config.port, config.host);
    drain = app.startDraining;
    auditSecurity = (input) => app.engine.auditSecurity(input);
    logger.info('FHIR API listening', { url: config.baseUrl, host: config.host, port: config.port });
  }
  const delivery = serves('worker')
    ? await workerDelivery(config, clientRegistry, 'the HL7v2 worker', logger)
    : undefined;
  const stopSweeper = delivery ? startHl7Worker(config, inbox, queue, logger, delivery.auth) : undefined;
  // ROLE=mllp serves no API: its refusals go to the API's trail through the SDK, with credentials of its own.
  const mllpDelivery =
    serves('mllp') && auditSecurity === undefined
      ? await workerDelivery(config, clientRegistry, 'the audit of MLLP refusals (ROLE=mllp)', logger)
      : undefined;
  if (mllpDelivery)
    auditSecurity = remoteSecurityAudit(
      new FhirClient({ baseUrl: config.deliveryUrl, ...(mllpDelivery.auth ? { auth: mllpDelivery.auth } : {}) }),
      config.baseUrl,
    );
  const mllp = serves('mllp')
    ? await startMllpListener({
        settings: config.hl7,
        host: config.mllpHost,
        port: config.mllpPort,
        receive,
        logger,
        ...(auditSecurity === undefined ? {} : { audit: auditSecurity }),
      })
    : undefined;
  if (config.auth.mode === 'off') warnAuthOff(config, logger);
  // Stop taking MLLP messages, then let the running jobs finish while the API still answers: the
  // worker delivers through it (DELIVERY_URL is this process under ROLE=all), and a job refused
  // by a closing API would spend an attempt, maybe its last. Then the API, then the stores.
  onShutdown(async () => {
    await mllp?.server.close();
    stopSweeper?.();
    await queue.close();
    await delivery?.release();
    await mllpDelivery?.release();
    drain();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await inbox.close();
    await closeAuth();
    if (needsStore) await store.close();
  }, logger);
}

/**
 * The receiving end of the HL7v2 pipeline, shared by MLLP and HTTP: decode, split batches, store
 * in the inbox (durable before any ACK), queue the inbox id, answer (DESIGN "An HL7v2 message's way").
 */
function hl7Receiver(
  config: ServerConfig,
  inbox: Hl7Inbox,
  queue: JobQueue<string, string>,
  logger: Logger,
): Hl7Receiver {
  return createHl7Receiver({
    inbox,
    queue,
    ackMode: config.hl7.ackMode,
    mapping: mappingOptions(config),
    onError: (error) => logger.error('HL7v2 receipt failed', { error: withoutMessage(error) }),
  });
}

function mappingOptions(config: ServerConfig): MappingOptions {
  return {
    identifierSystems: config.hl7.identifierSystems,
    facilityIdentifierSystems: config.hl7.facilityIdentifierSystems,
    defaultTimeZone: config.defaultTimeZone,
  };
}

/**
 * HL7v2 worker: claims each queued inbox entry, maps it and delivers the transaction through the
 * SDK to the FHIR API (DELIVERY_URL); failures are retried by the queue, then dead-lettered. The
 * sweeper queues again entries whose job was lost (Redis down at receipt, a worker killed).
 * Returns the sweeper's stop.
 */
function startHl7Worker(
  config: ServerConfig,
  inbox: Hl7Inbox,
  queue: JobQueue<string, string>,
  logger: Logger,
  auth: BackendServicesAuth | undefined,
): () => void {
  const sink = new FhirClient({ baseUrl: config.deliveryUrl, ...(auth === undefined ? {} : { auth }) });
  // Several jobs at once are safe: the inbox holds a patient's later messages back until the
  // earlier ones are final (hasEarlierPending) and a claim lets one worker apply an entry, so
  // concurrency only lets unrelated patients pass one whose messages fail.
  queue.process(
    createHl7Worker({ inbox, sink, mapping: mappingOptions(config), maxAttempts: config.hl7.maxAttempts }),
    config.hl7.workerConcurrency,
  );
  return startInboxSweeper(inbox, queue, {
    intervalMs: config.hl7.sweepIntervalMs,
    staleMs: config.hl7.sweepStaleMs,
    onError: (error) => logger.warn('HL7v2 sweep failed', { error: withoutMessage(error) }),
  });
}

/**
 * The HL7 v2 worker's credentials (hl7/delivery-auth.ts). A ROLE=worker process beside our own
 * authorization server reaches its client registry in MongoDB to register its internal client.
 */
async function workerDelivery(
  config: ServerConfig,
  registry: ClientRegistry | undefined,
  purpose: string,
  logger: Logger,
): Promise<DeliveryAuth> {
  const { auth } = config;
  const needsRegistry = auth.mode === 'smart' && !auth.jwksUrl && !config.hl7.deliveryClient && !registry;
  const storage = needsRegistry && config.mongodbUrl ? new MongoAuthStorage({ url: config.mongodbUrl }) : undefined;
  await storage?.init();
  const clients = registry ?? storage?.clients;
  const delivery = await hl7DeliveryAuth({
    authMode: auth.mode,
    settings: config.hl7,
    ...(clients === undefined ? {} : { registry: clients }),
    now: () => new Date(),
  });
  if (delivery === undefined)
    throw new StartError(
      `${purpose} needs HL7_DELIVERY_CLIENT_ID and HL7_DELIVERY_KEY_FILE with an external authorization server (AUTH_JWKS_URL)`,
    );
  const clientId = delivery.clientId ?? 'AUTH_MODE=off';
  logger.info('HL7v2 worker delivers', { purpose, url: config.deliveryUrl, clientId });
  return {
    ...delivery,
    release: async () => {
      await delivery.release();
      await storage?.close();
    },
  };
}

/** The HL7v2 inbox next to the resources: MongoDB with MONGODB_URL, else in memory (lost on stop). */
function pickInbox(config: ServerConfig, logger: Logger): Hl7Inbox & { init(): Promise<void> } {
  if (config.mongodbUrl) return new MongoHl7Inbox({ url: config.mongodbUrl });
  logger.warn('HL7v2 inbox: in memory (no MONGODB_URL); received messages are lost when the process stops');
  // Allowed for trying it out, never for a feed: the CA promises the sender a copy that is kept.
  if (config.hl7.ackMode === 'enhanced')
    logger.warn(
      'HL7_ACK_MODE=enhanced WITHOUT MONGODB_URL: commit ACKs (CA) are answered for messages kept in memory only; a stop loses them and senders will not resend',
    );
  const inbox = new MemoryInbox();
  return Object.assign(inbox, { init: async () => undefined });
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

/**
 * Jobs carry inbox entry ids only (no PHI in Redis), one job per entry at a time (a resend or a
 * sweep joins the waiting one); attempts as HL7_MAX_ATTEMPTS with the HL7_RETRY_* curve, then
 * dead letter.
 */
function pickQueue(config: ServerConfig, logger: Logger): JobQueue<string, string> {
  const options = {
    attempts: config.hl7.maxAttempts,
    backoffMs: config.hl7.retryBackoffMs,
    maxBackoffMs: config.hl7.retryMaxBackoffMs,
    jobKey: (entryId: string) => `entry-${entryId}`,
  };
  if (config.redisUrl) {
    logger.info('queue: bull on Redis', { url: redactCredentials(config.redisUrl) });
    return new BullJobQueue<string, string>('hl7v2-inbox', config.redisUrl, options);
  }
  // Only a MongoDB inbox outlives the process; the memory inbox says so in its own warning.
  logger.warn(
    'queue: in-process (no REDIS_URL); with MONGODB_URL the inbox sweeper re-queues its jobs after a restart',
  );
  return new InProcessJobQueue<string, string>(options);
}

/**
 * AUTH_MODE=smart: Bearer tokens of the configured issuer, verified by its JWKS (AUTH_JWKS_URL,
 * refetched on an unknown `kid`). Our own authorization server (issuer `<origin>/auth`) signs
 * with keys of its store; without it a smart start needs an external one.
 */
function authGuard(
  settings: AuthSettings,
  validator: ResourceValidator,
  logger: Logger,
  /** Our own authorization server, when it runs (no AUTH_JWKS_URL): its keys and client registry. */
  own?: AuthorizationServer,
): AuthGuard {
  if (settings.mode === 'off') return { mode: 'off' };
  const keys = settings.jwksUrl ? remoteKeySet(settings.jwksUrl) : own?.keys.verificationKey;
  if (!keys)
    throw new StartError(
      'AUTH_MODE=smart needs AUTH_ISSUER and AUTH_JWKS_URL (an external authorization server); or AUTH_MODE=off on a loopback HOST without MONGODB_URL/REDIS_URL',
    );
  logger.info('authentication: SMART on FHIR Bearer tokens', {
    issuer: settings.issuer,
    audience: settings.audience,
    jwksUrl: settings.jwksUrl ?? 'own authorization server',
    algorithms: settings.algorithms,
  });
  const verifier = new TokenVerifier({
    issuer: settings.issuer,
    audience: settings.audience,
    keys,
    algorithms: settings.algorithms,
    clockToleranceSeconds: settings.clockToleranceSeconds,
    maxLifetimeSeconds: settings.maxTokenLifetimeSeconds,
    // RFC 9068 §4: ours are always at+jwt; an external server's only when the operator says so.
    requireAtJwt: own !== undefined || settings.requireAtJwt,
    ...(own ? { clientRegistered: (clientId: string) => own.clientRegistered(clientId) } : {}),
    claims: { rolesClaim: settings.rolesClaim, isResourceType: (name) => validator.isResourceType(name) },
  });
  return { mode: 'smart', verifier };
}

/**
 * Our own authorization server (auth/server/) unless an external one is configured
 * (AUTH_JWKS_URL): clients, jti ledger and signing keys in MongoDB with MONGODB_URL (shared by
 * every process), else in memory (keys made anew at every start). The bootstrap admin
 * (AUTH_ADMIN_CLIENT_ID) is registered, idempotently.
 */
async function ownAuthorizationServer(
  config: ServerConfig,
  validator: ResourceValidator,
  logger: Logger,
): Promise<{ server: AuthorizationServer; storage: AuthStorage; close: () => Promise<void> } | undefined> {
  const settings = config.auth;
  if (settings.jwksUrl) return undefined;
  const mongo = config.mongodbUrl ? new MongoAuthStorage({ url: config.mongodbUrl }) : undefined;
  await mongo?.init();
  const storage = mongo ?? memoryAuthStorage();
  const server = new AuthorizationServer({
    baseUrl: config.baseUrl,
    issuer: settings.issuer,
    audience: settings.audience,
    storage,
    isResourceType: (name) => validator.isResourceType(name),
    tokenLifetimeS: settings.tokenLifetimeSeconds,
    clockToleranceS: settings.clockToleranceSeconds,
  });
  await server.init();
  if (settings.admin) {
    const outcome = await registerBootstrapAdmin(storage.clients, settings.admin, () => new Date());
    logger.info('bootstrap admin client', { clientId: settings.admin.clientId, outcome });
  }
  logger.info('authorization server: own', { issuer: server.urls.issuer, storage: mongo ? 'MongoDB' : 'memory' });
  return { server, storage, close: async () => mongo?.close() };
}

/** AUTH_MODE=off (loopback only, config.ts refuses it elsewhere): said last, where nobody misses it. */
function warnAuthOff(config: ServerConfig, logger: Logger): void {
  logger.warn(
    'AUTHENTICATION IS OFF (AUTH_MODE=off): anyone who can reach this process can read and write every record. For trying it out on this machine only; set AUTH_MODE=smart for anything else',
    { host: config.host },
  );
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

/** A bad setting stops the start with one line naming it. */
function configOrStop(): ServerConfig {
  try {
    return loadConfig();
  } catch (error) {
    throw new StartError(error instanceof Error ? error.message : String(error));
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartError) process.stderr.write(`nexushealth: ${error.message}\n`);
  else {
    // Before the first request nothing holds PHI: the reason is said (credentials in URLs masked).
    const reason = error instanceof Error ? redactCredentials(error.message) : 'unknown error';
    process.stderr.write(`nexushealth: start failed: ${reason}\n`);
    new JsonLogger().error('start failed', { error });
  }
  process.exit(1);
});
