import { MAX_JSON_DEPTH } from '@nexushealth/profiles';
import { readFileSync } from 'node:fs';

/** Cross-origin access for browser apps (https://fetch.spec.whatwg.org/#http-cors-protocol). */
export interface CorsSettings {
  /** CORS_ORIGINS: the origins allowed (`https://app.example.org`), or `*`; empty: CORS off. */
  origins: readonly string[];
  /** CORS_CREDENTIALS=true: cookies and Authorization may cross origins (never with `*`). */
  credentials: boolean;
}

/** Limits on what one request may carry or cost, and how the HTTP listener is exposed. */
export interface SecuritySettings {
  cors: CorsSettings;
  /** RATE_LIMIT_PER_MINUTE: requests one client (its client id, else its address) may make; 0: off. */
  rateLimitPerMinute: number;
  /** RATE_LIMIT_BURST: requests a client that was idle may make at once, before the per-minute rate applies. */
  rateLimitBurst: number;
  /** TLS_CERT_FILE / TLS_KEY_FILE (PEM): the FHIR API over HTTPS when set (TLS 1.2 at least). */
  tls?: { cert: Buffer; key: Buffer };
  /** JSON_MAX_DEPTH: deepest nesting of a body, at most the validator's own bound. */
  jsonMaxDepth: number;
  /**
   * STRING_MAX_LENGTH: longest string value of a body; base64 `data` (Attachment.data,
   * Binary.data) is bounded by BODY_LIMIT_BYTES only. Default 1 MiB of characters, the bound
   * datatypes.html#string sets ("Strings SHALL NOT exceed 1MB").
   */
  stringMaxLength: number;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  cors: { origins: [], credentials: false },
  // On by default: one client (a runaway script, a leaked token) must not starve the others.
  // 100 a second sustained is far above an app's or an HL7 feed's needs; bulk loads set their own.
  rateLimitPerMinute: 6000,
  rateLimitBurst: 1000,
  jsonMaxDepth: MAX_JSON_DEPTH,
  stringMaxLength: 1024 * 1024,
};

/** Reads the settings above from the environment; a bad value stops the start and names the setting. */
export function parseSecuritySettings(env: NodeJS.ProcessEnv): SecuritySettings {
  const settings: SecuritySettings = {
    cors: corsSettings(env),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_SECURITY_SETTINGS.rateLimitPerMinute, 0),
    rateLimitBurst: integer(env, 'RATE_LIMIT_BURST', DEFAULT_SECURITY_SETTINGS.rateLimitBurst, 1),
    jsonMaxDepth: integer(env, 'JSON_MAX_DEPTH', MAX_JSON_DEPTH, 2),
    stringMaxLength: integer(env, 'STRING_MAX_LENGTH', DEFAULT_SECURITY_SETTINGS.stringMaxLength, 1),
  };
  if (settings.jsonMaxDepth > MAX_JSON_DEPTH)
    throw new Error(`JSON_MAX_DEPTH may be at most ${MAX_JSON_DEPTH} (the validator's bound)`);
  const tls = tlsFiles(env);
  if (tls !== undefined) settings.tls = tls;
  return settings;
}

function corsSettings(env: NodeJS.ProcessEnv): CorsSettings {
  const origins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin))
      throw new Error(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path)`);
  }
  const credentials = boolean(env, 'CORS_CREDENTIALS');
  // A credentialed request answered for any origin lets every web page act as the signed-in user.
  if (credentials && origins.includes('*')) throw new Error('CORS_CREDENTIALS=true cannot be used with CORS_ORIGINS=*');
  return { origins, credentials };
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

function tlsFiles(env: NodeJS.ProcessEnv): SecuritySettings['tls'] {
  const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } = env;
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (!certFile || !keyFile) throw new Error('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const value = env[name] === undefined ? fallback : env[name] === '' ? NaN : Number(env[name]);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}`);
  return value;
}
