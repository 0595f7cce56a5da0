import { parseAuthSettings, type AuthSettings } from './auth-settings.js';
import { parseHl7Settings, type Hl7Settings } from './hl7-settings.js';
import { parseSecuritySettings, type SecuritySettings } from './security-settings.js';
import { DEFAULT_RECOVER_AFTER_MS, DEFAULT_SEARCH_TIME_LIMIT_MS } from './store/port.js';
import {
  parseRequiredProfiles,
  parseValidationLevel,
  type ValidationSettings,
} from './validation/validation-settings.js';

/** The roles one program can play (DESIGN "Running"); `all` is the zero-setup default. */
export type Role = 'all' | 'api' | 'worker' | 'mllp';

export interface ServerConfig {
  role: Role;
  host: string;
  port: number;
  mllpHost: string;
  mllpPort: number;
  /** Public base URL of the FHIR endpoint; defaults to http(s)://HOST:PORT/fhir. */
  baseUrl: string;
  /** Where workers deliver HL7v2-derived transactions; defaults to this server's own API. */
  deliveryUrl: string;
  mongodbUrl?: string;
  redisUrl?: string;
  bodyLimitBytes: number;
  maxBundleEntries: number;
  /** Most matches a search set keeps for stable paging (SEARCH_SET_MAX). */
  searchSetMax: number;
  /** Bound on one store search/history query (SEARCH_TIME_LIMIT_MS); past it: 422 too-costly. */
  searchTimeLimitMs: number;
  /** A MongoDB unit of work silent this long is taken for crashed and rolled back (RECOVER_AFTER_MS). */
  recoverAfterMs: number;
  defaultTimeZone: string;
  /** VALIDATION, REQUIRED_PROFILES and IG_PACKAGES (validation/validation-settings.ts). */
  validation: ValidationSettings;
  /** HL7_ACK_MODE, HL7_MAX_ATTEMPTS, HL7_SWEEP_*, HL7_IDENTIFIER_SYSTEMS, MLLP_TLS_* (hl7-settings.ts). */
  hl7: Hl7Settings;
  /** CORS_*, RATE_LIMIT_PER_MINUTE, TLS_*_FILE, JSON_MAX_DEPTH, STRING_MAX_LENGTH (security-settings.ts). */
  security: SecuritySettings;
  /** AUTH_MODE, AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCE, … (auth-settings.ts). */
  auth: AuthSettings;
}

const ROLES: Role[] = ['all', 'api', 'worker', 'mllp'];

/** Reads the configuration from environment variables only; a bad value stops the start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const role = (env.ROLE ?? 'all') as Role;
  if (!ROLES.includes(role)) throw new Error(`ROLE must be one of ${ROLES.join(', ')}`);
  const port = portOf(env.PORT, 8080, 'PORT');
  const host = env.HOST ?? '127.0.0.1';
  // Links must name the address clients use: the bind address itself, unless it binds everything.
  const linkHost = ['0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const security = parseSecuritySettings(env);
  const scheme = security.tls === undefined ? 'http' : 'https';
  const baseUrl = (env.BASE_URL ?? `${scheme}://${linkHost}:${port}/fhir`).replace(/\/+$/, '');
  const config: ServerConfig = {
    role,
    host,
    port,
    mllpHost: env.MLLP_HOST ?? host,
    mllpPort: portOf(env.MLLP_PORT, 2575, 'MLLP_PORT'),
    baseUrl,
    deliveryUrl: (env.DELIVERY_URL ?? `${scheme}://${deliveryHost(host)}:${port}/fhir`).replace(/\/+$/, ''),
    bodyLimitBytes: positive(env.BODY_LIMIT_BYTES, 64 * 1024 * 1024, 'BODY_LIMIT_BYTES'),
    maxBundleEntries: positive(env.BUNDLE_MAX_ENTRIES, 10_000, 'BUNDLE_MAX_ENTRIES'),
    searchSetMax: positive(env.SEARCH_SET_MAX, 10_000, 'SEARCH_SET_MAX'),
    searchTimeLimitMs: positive(env.SEARCH_TIME_LIMIT_MS, DEFAULT_SEARCH_TIME_LIMIT_MS, 'SEARCH_TIME_LIMIT_MS'),
    recoverAfterMs: nonNegative(env.RECOVER_AFTER_MS, DEFAULT_RECOVER_AFTER_MS, 'RECOVER_AFTER_MS'),
    defaultTimeZone: env.HL7_DEFAULT_TIME_ZONE ?? 'UTC',
    validation: {
      level: parseValidationLevel(env.VALIDATION),
      requiredProfiles: parseRequiredProfiles(env.REQUIRED_PROFILES),
      igPackages: (env.IG_PACKAGES ?? '')
        .split(',')
        .map((path) => path.trim())
        .filter((path) => path !== ''),
    },
    hl7: parseHl7Settings(env),
    security,
    auth: parseAuthSettings(env, { host, baseUrl, mongodbUrl: env.MONGODB_URL, redisUrl: env.REDIS_URL }),
  };
  if (env.MONGODB_URL) config.mongodbUrl = env.MONGODB_URL;
  if (env.REDIS_URL) config.redisUrl = env.REDIS_URL;
  requireSharedServices(config);
  return config;
}

/**
 * A split role works only on services the processes share: without REDIS_URL the queue is in
 * process, and nothing in an api or mllp process would run its jobs (nor would a worker see any);
 * without MONGODB_URL the inbox is in memory, and the other processes never see its messages.
 */
function requireSharedServices(config: ServerConfig): void {
  if (config.role === 'all') return;
  const missing = [config.redisUrl ? undefined : 'REDIS_URL', config.mongodbUrl ? undefined : 'MONGODB_URL'].filter(
    (name) => name !== undefined,
  );
  if (missing.length > 0)
    throw new Error(
      `ROLE=${config.role} needs ${missing.join(' and ')} (the queue and inbox the roles share); set ${missing.length > 1 ? 'them' : 'it'} or use ROLE=all`,
    );
}

/** The worker reaches this process's API where it listens: loopback when it binds every address. */
function deliveryHost(host: string): string {
  if (['0.0.0.0', '::'].includes(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function portOf(value: string | undefined, fallback: number, name: string): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  return integerFrom(1, value, fallback, `${name} must be a positive integer`);
}

function nonNegative(value: string | undefined, fallback: number, name: string): number {
  return integerFrom(0, value, fallback, `${name} must be a non-negative integer`);
}

function integerFrom(min: number, value: string | undefined, fallback: number, message: string): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(message);
  return n;
}
