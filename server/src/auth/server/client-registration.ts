import type { JSONWebKeySet } from 'jose';
import { isIP } from 'node:net';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { isLoopbackAddress, isPublicAddress } from '../../net/public-address.js';
import type { OperatorRole } from '../access.js';
import { InvalidScopeError, parseScopes } from '../scopes.js';
import type { RegisteredClient } from './client-registry.js';
import { JwksError, publicJwks } from './public-jwks.js';

/** A client as the admin API reads and writes it (RFC 7591 §2 member names where they exist). */
export interface ClientDocument {
  client_id: string;
  jwks?: JSONWebKeySet;
  jwks_uri?: string;
  scope: string;
  roles: OperatorRole[];
  patient?: string;
  client_name?: string;
  created: string;
}

const MEMBERS = new Set(['client_id', 'jwks', 'jwks_uri', 'scope', 'roles', 'patient', 'client_name']);
const ROLES: readonly OperatorRole[] = ['admin', 'auditor', 'hl7-sender'];
export const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;
/** What CLIENT_ID allows, in words, for the errors that refuse an id. */
export const CLIENT_ID_RULE = '1 to 128 of A-Z a-z 0-9 . _ ~ -';
/** FHIR id (datatypes.html#id). */
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export interface RegistrationRules {
  isResourceType: (name: string) => boolean;
  /** TEST ONLY: a `jwks_uri` may be http:// (safe-fetch then still connects to loopback only). */
  allowHttpJwksUri?: boolean;
}

/**
 * Reads a registration request (POST /auth/clients): exactly one of `jwks` (public RSA/EC keys)
 * and `jwks_uri` (https), a well-formed `scope` (the most the client may be granted), `roles`,
 * an optional fixed `patient` context. Anything else is refused with an expression naming it.
 */
export function clientFromRegistration(
  body: unknown,
  rules: RegistrationRules,
  newId: () => string,
  created: Date,
): RegisteredClient {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('Send a JSON object', '');
  const doc = body as Record<string, unknown>;
  const unknown = Object.keys(doc).find((member) => !MEMBERS.has(member));
  if (unknown !== undefined) throw invalid(`Unknown member ${unknown}`, unknown);
  const client: RegisteredClient = {
    clientId: optionalText(doc, 'client_id', CLIENT_ID, CLIENT_ID_RULE) ?? newId(),
    scope: scopeOf(doc.scope, rules),
    roles: rolesOf(doc.roles),
    created: created.toISOString(),
  };
  Object.assign(client, keysOf(doc, rules));
  const patient = optionalText(doc, 'patient', PATIENT_ID);
  if (patient !== undefined) client.patient = patient;
  const name = optionalText(doc, 'client_name', /^[^\p{Cc}]{1,200}$/u);
  if (name !== undefined) client.name = name;
  return client;
}

/** The admin API's view of a client. */
export function clientDocument(client: RegisteredClient): ClientDocument {
  return {
    client_id: client.clientId,
    ...(client.jwks ? { jwks: client.jwks } : {}),
    ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
    scope: client.scope,
    roles: client.roles,
    ...(client.patient === undefined ? {} : { patient: client.patient }),
    ...(client.name === undefined ? {} : { client_name: client.name }),
    created: client.created,
  };
}

function keysOf(doc: Record<string, unknown>, rules: RegistrationRules): Pick<RegisteredClient, 'jwks' | 'jwksUri'> {
  if ((doc.jwks === undefined) === (doc.jwks_uri === undefined))
    throw invalid('Give exactly one of jwks and jwks_uri', 'jwks');
  if (doc.jwks !== undefined) {
    try {
      return { jwks: publicJwks(doc.jwks) };
    } catch (error) {
      throw invalid(error instanceof JwksError ? error.message : 'jwks is not a JWKS', 'jwks');
    }
  }
  return { jwksUri: jwksUriOf(doc.jwks_uri, rules) };
}

function jwksUriOf(value: unknown, rules: RegistrationRules): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2048 ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const schemes = rules.allowHttpJwksUri ? ['https:', 'http:'] : ['https:'];
  if (!url || !schemes.includes(url.protocol) || url.username !== '' || url.password !== '')
    throw invalid('jwks_uri must be an https URL without credentials', 'jwks_uri');
  if (!publicHost(url.hostname, rules))
    throw invalid(
      'jwks_uri must name a public host: not localhost, nor a private, loopback, link-local or reserved address',
      'jwks_uri',
    );
  return url.href;
}

/**
 * RFC 7591 §2 / OWASP SSRF: an address literal or `localhost` this server must never fetch from
 * is refused at registration, so the admin hears of it then. A name is only resolved at fetch
 * time, where net/safe-fetch.ts checks the address it connects to (DNS may change in between).
 */
function publicHost(hostname: string, rules: RegistrationRules): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const local = host === 'localhost' || host.endsWith('.localhost');
  // TEST ONLY: the loopback jwks_uri the http setting exists for.
  if (rules.allowHttpJwksUri && (local || isLoopbackAddress(host))) return true;
  return !local && (isIP(host) === 0 || isPublicAddress(host));
}

function scopeOf(value: unknown, rules: RegistrationRules): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 4000)
    throw invalid('scope is a non-empty space-separated string', 'scope');
  try {
    return parseScopes(value, rules.isResourceType).toString();
  } catch (error) {
    if (error instanceof InvalidScopeError) throw invalid(`Malformed scope ${error.scope.slice(0, 100)}`, 'scope');
    throw error;
  }
}

function rolesOf(value: unknown): OperatorRole[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((role) => ROLES.includes(role as OperatorRole)))
    throw invalid(`roles is a list of ${ROLES.join(', ')}`, 'roles');
  return [...new Set(value as OperatorRole[])];
}

function optionalText(
  doc: Record<string, unknown>,
  member: string,
  pattern: RegExp,
  rule = 'a FHIR id',
): string | undefined {
  const value = doc[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(`${member} is not valid (${rule})`, member);
  return value;
}

function invalid(diagnostics: string, expression: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', diagnostics, expression === '' ? undefined : expression);
}
