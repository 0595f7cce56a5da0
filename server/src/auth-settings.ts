import { isIP } from 'node:net';
import { ASYMMETRIC_ALGORITHMS } from './auth/token-verifier.js';
import { CLIENT_ID, CLIENT_ID_RULE } from './auth/server/client-registration.js';

/** AUTH_* settings (README "Running"; issue 6). */
export interface AuthSettings {
  /** `smart`: a Bearer token on every FHIR and HL7 v2 request; `off`: no authentication (loopback only). */
  mode: 'smart' | 'off';
  /** `iss` of the access tokens: AUTH_ISSUER, else our own authorization server `<origin>/auth`. */
  issuer: string;
  /** AUTH_JWKS_URL of an external authorization server; unset: our own key store signs and verifies. */
  jwksUrl?: string;
  /** `aud` the tokens must carry (AUTH_AUDIENCE, default the FHIR base URL). */
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  rolesClaim: string;
  /** Lifetime of the tokens our own token endpoint issues (AUTH_TOKEN_LIFETIME_S). */
  tokenLifetimeSeconds: number;
  /** The longest an accepted token may still live (`exp` − now, AUTH_MAX_TOKEN_LIFETIME_S). */
  maxTokenLifetimeSeconds: number;
  /** AUTH_REQUIRE_AT_JWT: an external issuer's tokens must be `typ: at+jwt` too (ours always are). */
  requireAtJwt: boolean;
  /** The first admin client, registered at start (AUTH_ADMIN_CLIENT_ID with AUTH_ADMIN_JWKS or _FILE). */
  admin?: { clientId: string; jwks: string } | { clientId: string; jwksFile: string };
}

/** What the mode's default depends on: a zero-configuration start is one with none of these. */
export interface AuthContext {
  host: string;
  baseUrl: string;
  mongodbUrl?: string;
  redisUrl?: string;
}

const DEFAULT_ALGORITHMS = 'RS256,RS384,ES256,ES384';

/**
 * Reads the AUTH_* variables. AUTH_MODE unset is `off` only for the zero-configuration start
 * (no MONGODB_URL, no REDIS_URL, a loopback HOST), else `smart`; `off` beyond loopback refuses
 * to start: an open FHIR server on a network is a breach, not a setting.
 */
export function parseAuthSettings(env: NodeJS.ProcessEnv, context: AuthContext): AuthSettings {
  const mode = modeOf(env.AUTH_MODE, context);
  const external = externalIssuer(env);
  const settings: AuthSettings = {
    mode,
    issuer: external?.issuer ?? `${new URL(context.baseUrl).origin}/auth`,
    audience: env.AUTH_AUDIENCE ?? context.baseUrl,
    algorithms: algorithmsOf(env.AUTH_ALGORITHMS ?? DEFAULT_ALGORITHMS),
    clockToleranceSeconds: seconds(env.AUTH_CLOCK_TOLERANCE_S, 30, 0, 'AUTH_CLOCK_TOLERANCE_S'),
    rolesClaim: env.AUTH_ROLES_CLAIM ?? 'roles',
    tokenLifetimeSeconds: seconds(env.AUTH_TOKEN_LIFETIME_S, 300, 1, 'AUTH_TOKEN_LIFETIME_S'),
    maxTokenLifetimeSeconds: seconds(env.AUTH_MAX_TOKEN_LIFETIME_S, 86_400, 1, 'AUTH_MAX_TOKEN_LIFETIME_S'),
    requireAtJwt: flag(env.AUTH_REQUIRE_AT_JWT, 'AUTH_REQUIRE_AT_JWT'),
  };
  // Our own tokens would all be refused.
  if (settings.tokenLifetimeSeconds > settings.maxTokenLifetimeSeconds)
    throw new Error('AUTH_TOKEN_LIFETIME_S must not exceed AUTH_MAX_TOKEN_LIFETIME_S');
  if (external) settings.jwksUrl = external.jwksUrl;
  const admin = adminClient(env);
  if (admin) settings.admin = admin;
  return settings;
}

/** A host name or address only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

function modeOf(value: string | undefined, context: AuthContext): AuthSettings['mode'] {
  const loopback = isLoopbackHost(context.host);
  if (value === undefined || value === '')
    return !context.mongodbUrl && !context.redisUrl && loopback ? 'off' : 'smart';
  if (value !== 'smart' && value !== 'off') throw new Error('AUTH_MODE must be smart or off');
  if (value === 'off' && !loopback)
    throw new Error(
      `AUTH_MODE=off serves on a loopback HOST only (HOST=${context.host}): anyone reaching it could read and write every record; use AUTH_MODE=smart`,
    );
  return value;
}

function externalIssuer(env: NodeJS.ProcessEnv): { issuer: string; jwksUrl: string } | undefined {
  const { AUTH_ISSUER: issuer, AUTH_JWKS_URL: jwksUrl } = env;
  if (!issuer && !jwksUrl) return undefined;
  if (!issuer || !jwksUrl)
    throw new Error(
      'AUTH_ISSUER and AUTH_JWKS_URL go together (an external authorization server); set both or neither',
    );
  absoluteUrl(issuer, 'AUTH_ISSUER');
  const url = absoluteUrl(jwksUrl, 'AUTH_JWKS_URL');
  // The keys decide who gets in: fetched over TLS, plain HTTP only from this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))))
    throw new Error('AUTH_JWKS_URL must be an https URL (http only for a loopback host)');
  return { issuer, jwksUrl };
}

function algorithmsOf(text: string): string[] {
  const algorithms = text
    .split(',')
    .map((alg) => alg.trim())
    .filter((alg) => alg !== '');
  const refused = algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.includes(alg));
  if (algorithms.length === 0 || refused.length > 0)
    throw new Error(
      `AUTH_ALGORITHMS takes asymmetric JWS algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')}); refused: ${refused.join(', ') || '(empty)'}`,
    );
  return algorithms;
}

function adminClient(env: NodeJS.ProcessEnv): AuthSettings['admin'] {
  const { AUTH_ADMIN_CLIENT_ID: clientId, AUTH_ADMIN_JWKS: jwks, AUTH_ADMIN_JWKS_FILE: jwksFile } = env;
  if (!clientId && !jwks && !jwksFile) return undefined;
  if (!clientId)
    throw new Error('AUTH_ADMIN_JWKS and AUTH_ADMIN_JWKS_FILE need AUTH_ADMIN_CLIENT_ID (the admin client id)');
  if (!CLIENT_ID.test(clientId)) throw new Error(`AUTH_ADMIN_CLIENT_ID must be ${CLIENT_ID_RULE}`);
  if ((jwks ? 1 : 0) + (jwksFile ? 1 : 0) !== 1)
    throw new Error('AUTH_ADMIN_CLIENT_ID needs exactly one of AUTH_ADMIN_JWKS and AUTH_ADMIN_JWKS_FILE');
  return jwks ? { clientId, jwks } : { clientId, jwksFile: jwksFile as string };
}

function absoluteUrl(value: string, name: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL`);
  }
}

function seconds(value: string | undefined, fallback: number, min: number, name: string): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of seconds ≥ ${min}`);
  return n;
}

function flag(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false`);
}
