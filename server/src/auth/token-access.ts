import type { JWTPayload } from 'jose';
import type { Access, OperatorRole } from './access.js';
import { InvalidScopeError, parseScopes } from './scopes.js';
import { InvalidTokenError } from './token-errors.js';

/** How an access token's claims are read (AUTH_ROLES_CLAIM; the validator's resource types). */
export interface ClaimMapping {
  /** The claim holding the operator roles (`roles`): an array of strings or a space-separated string. */
  rolesClaim: string;
  isResourceType(name: string): boolean;
}

const OPERATOR_ROLES: ReadonlySet<string> = new Set<OperatorRole>(['admin', 'auditor', 'hl7-sender']);
/** A FHIR id (datatypes.html#id): the patient launch context names one Patient. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The Access a verified token grants (issue 6 plan, "Token claims → Access"): `scope` (SMART
 * v1/v2; a malformed scope set makes the whole token invalid — fail closed), the client
 * (`client_id`, else `azp`, else `sub`), the user (`fhirUser`, else a `sub` that is not the
 * client), the operator roles, the `patient` launch context and the `jti`.
 * Roles the server does not know are ignored; a claim of the wrong JSON type is an invalid token.
 */
export function accessFromClaims(payload: JWTPayload, mapping: ClaimMapping): Access {
  const clientId = optionalString(payload, 'client_id') ?? optionalString(payload, 'azp') ?? payload.sub;
  const userId = optionalString(payload, 'fhirUser') ?? (payload.sub !== clientId ? payload.sub : undefined);
  const patient = optionalString(payload, 'patient');
  if (patient !== undefined && !FHIR_ID.test(patient)) throw new InvalidTokenError('invalid', 'patient claim');
  const access: Access = {
    mode: 'smart',
    roles: rolesOf(payload[mapping.rolesClaim]),
    scopes: scopesOf(optionalString(payload, 'scope') ?? '', mapping),
  };
  if (clientId !== undefined) access.clientId = clientId;
  if (userId !== undefined) access.userId = userId;
  if (patient !== undefined) access.patient = patient;
  if (payload.jti !== undefined) access.tokenId = payload.jti;
  return access;
}

function scopesOf(text: string, mapping: ClaimMapping): Access['scopes'] {
  try {
    return parseScopes(text, (name) => mapping.isResourceType(name));
  } catch (error) {
    if (error instanceof InvalidScopeError) throw new InvalidTokenError('invalid', 'scope claim');
    throw error;
  }
}

function rolesOf(claim: unknown): ReadonlySet<OperatorRole> {
  if (claim === undefined) return new Set();
  const names = typeof claim === 'string' ? claim.split(' ') : claim;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
    throw new InvalidTokenError('invalid', 'roles claim');
  return new Set(names.filter((name): name is OperatorRole => OPERATOR_ROLES.has(name)));
}

function optionalString(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InvalidTokenError('invalid', `${claim} claim`);
  return value;
}
