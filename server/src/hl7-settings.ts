import { parseHl7DeliverySettings, type Hl7DeliverySettings } from './hl7-delivery-settings.js';
import { parseMllpAccessSettings, type MllpAccessSettings } from './mllp-settings.js';

/** The HL7 v2 settings (README "Configuration"); a bad value stops the start and names the setting. */
export interface Hl7Settings extends MllpAccessSettings, Hl7DeliverySettings {
  /** HL7_ACK_MODE: `original` (ACK once applied) or `enhanced` (commit ACK once stored, v2.5.1 §2.9.3). */
  ackMode: 'original' | 'enhanced';
  /** HL7_MAX_ATTEMPTS: deliveries tried before a message is dead-lettered. */
  maxAttempts: number;
  /** HL7_SWEEP_INTERVAL_MS: how often the inbox is swept for entries whose job was lost. */
  sweepIntervalMs: number;
  /** HL7_SWEEP_STALE_MS: how long an unleased pending entry stays untouched before it is queued again. */
  sweepStaleMs: number;
  /** HL7_RETRY_BACKOFF_MS / HL7_RETRY_MAX_BACKOFF_MS: base and cap of the exponential pause between attempts. */
  retryBackoffMs: number;
  retryMaxBackoffMs: number;
  /** HL7_WORKER_CONCURRENCY: jobs one worker process runs at once (per-patient order is kept by the inbox). */
  workerConcurrency: number;
  /** HL7_IDENTIFIER_SYSTEMS `global`: assigning authority → identifier system URI. */
  identifierSystems: Record<string, string>;
  /** HL7_IDENTIFIER_SYSTEMS `facilities`: the same, per sending facility (MSH-4), consulted first. */
  facilityIdentifierSystems: Record<string, Record<string, string>>;
  /** MLLP_MAX_FRAME_BYTES: largest MLLP block taken (a bigger one is answered AR 102 and the connection closed). */
  mllpMaxFrameBytes: number;
}

const ACK_MODES = ['original', 'enhanced'] as const;

export function parseHl7Settings(env: NodeJS.ProcessEnv): Hl7Settings {
  const ackMode = ACK_MODES.find((mode) => mode === (env.HL7_ACK_MODE ?? 'original'));
  if (ackMode === undefined) throw new Error(`HL7_ACK_MODE must be one of ${ACK_MODES.join(', ')}`);
  return {
    ackMode,
    // 20 attempts, 1 s doubling to at most 60 s: about 15 minutes of sink outage (a rolling restart,
    // a database failover) before a message is dead-lettered (README "Configuration").
    maxAttempts: integerSetting(env, 'HL7_MAX_ATTEMPTS', 20, 1),
    sweepIntervalMs: integerSetting(env, 'HL7_SWEEP_INTERVAL_MS', 30_000, 1),
    sweepStaleMs: integerSetting(env, 'HL7_SWEEP_STALE_MS', 30_000, 1),
    retryBackoffMs: integerSetting(env, 'HL7_RETRY_BACKOFF_MS', 1000, 0),
    retryMaxBackoffMs: integerSetting(env, 'HL7_RETRY_MAX_BACKOFF_MS', 60_000, 0),
    workerConcurrency: integerSetting(env, 'HL7_WORKER_CONCURRENCY', 4, 1),
    // As large as an HTTP body by default (BODY_LIMIT_BYTES): ORU/MDM with Base64 ED content pass 1 MiB.
    mllpMaxFrameBytes: integerSetting(env, 'MLLP_MAX_FRAME_BYTES', 64 * 1024 * 1024, 1),
    ...identifierSystems(env.HL7_IDENTIFIER_SYSTEMS),
    ...parseMllpAccessSettings(env),
    ...parseHl7DeliverySettings(env),
  };
}

function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: 0 | 1): number {
  const value = env[name] === undefined ? fallback : env[name] === '' ? NaN : Number(env[name]);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be a ${min === 1 ? 'positive' : 'non-negative'} integer`);
  return value;
}

const SYSTEMS_FORM =
  'HL7_IDENTIFIER_SYSTEMS must be JSON {"global": {"<authority>": "<system URI>"}, "facilities": {"<MSH-4>": {…}}}';

/** `{"global": {...}, "facilities": {"<facility>": {...}}}`, both optional; every system an absolute URI. */
function identifierSystems(
  setting: string | undefined,
): Pick<Hl7Settings, 'identifierSystems' | 'facilityIdentifierSystems'> {
  if (setting === undefined || setting.trim() === '') return { identifierSystems: {}, facilityIdentifierSystems: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(setting);
  } catch {
    throw new Error(`${SYSTEMS_FORM}: it is not JSON`);
  }
  if (!isObject(parsed) || Object.keys(parsed).some((k) => k !== 'global' && k !== 'facilities'))
    throw new Error(`${SYSTEMS_FORM}: only "global" and "facilities" may be given`);
  const facilities = parsed.facilities ?? {};
  if (!isObject(facilities)) throw new Error(`${SYSTEMS_FORM}: "facilities" must be an object`);
  return {
    identifierSystems: systemTable(parsed.global ?? {}, 'global'),
    facilityIdentifierSystems: Object.fromEntries(
      Object.entries(facilities).map(([facility, table]) => [facility, systemTable(table, `facilities.${facility}`)]),
    ),
  };
}

function systemTable(table: unknown, where: string): Record<string, string> {
  if (!isObject(table)) throw new Error(`${SYSTEMS_FORM}: "${where}" must be an object`);
  for (const [authority, system] of Object.entries(table)) {
    // An identifier system is an absolute URI (datatypes.html#Identifier: "system … uri").
    if (typeof system !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(system))
      throw new Error(`${SYSTEMS_FORM}: "${where}.${authority}" must be an absolute URI`);
  }
  return table as Record<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
