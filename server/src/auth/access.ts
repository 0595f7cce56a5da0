import { ScopeSet, type Permission } from './scopes.js';

/** Roles of the people who run the server (issue 6): neither is a FHIR scope. */
export type OperatorRole = 'admin' | 'auditor' | 'hl7-sender';

/**
 * What one request may do, decided once by the auth middleware from the access token (or, with
 * AUTH_MODE=off, everything) and carried by the FhirRequest's actor into the engine, which
 * enforces it for every interaction, Bundle entry, include, chain and operation.
 */
export interface Access {
  /** `off`: no authentication (loopback only); every check passes. */
  mode: 'off' | 'smart';
  /** The OAuth client (`client_id`/`azp`, else `sub` of a backend-services token). */
  clientId?: string;
  /** The person using the client (`fhirUser`, else `sub` when it differs from the client). */
  userId?: string;
  roles: ReadonlySet<OperatorRole>;
  scopes: ScopeSet;
  /** SMART launch context: `patient/` scopes reach only this Patient's compartment (its id). */
  patient?: string;
  /** The token's `jti`, for the audit trail (never the token itself). */
  tokenId?: string;
}

/** How far a permission on a type reaches: everything, one patient's compartment, or nothing. */
export type Reach = 'all' | 'compartment' | 'none';

/** AUTH_MODE=off (and in-process tests that do not test auth): everything is allowed. */
export const UNRESTRICTED_ACCESS: Access = {
  mode: 'off',
  roles: new Set<OperatorRole>(['admin', 'auditor', 'hl7-sender']),
  scopes: new ScopeSet([
    {
      context: 'system',
      resourceType: '*',
      permissions: new Set<Permission>(['c', 'r', 'u', 'd', 's']),
      text: 'system/*.cruds',
    },
  ]),
};

/** A caller not (yet) authenticated: a request refused before or by the auth middleware. */
export const ANONYMOUS_ACCESS: Access = { mode: 'smart', roles: new Set(), scopes: new ScopeSet([]) };

/**
 * The reach of `permission` on `resourceType`: `all` if a user/ or system/ scope grants it,
 * `compartment` if only patient/ scopes do and the token names a patient, else `none`.
 * Restricted v2 scopes (`?category=…`) are not counted here (fail closed); the engine may
 * widen the reach by applying their restriction as a search filter. The operator-role rules
 * narrow it further ({@link roleAllows}): scopes alone never pass them.
 */
export function reach(access: Access, resourceType: string, permission: Permission): Reach {
  if (access.mode === 'off') return 'all';
  if (!roleAllows(access, resourceType, permission)) return 'none';
  const granting = access.scopes.granting(resourceType, permission).filter((scope) => !scope.restriction);
  if (granting.some((scope) => scope.context !== 'patient')) return 'all';
  if (granting.length > 0 && access.patient !== undefined) return 'compartment';
  return 'none';
}

/**
 * Definitions that change how the server itself behaves (search, validation, terminology):
 * only an admin writes them (issue 6: "only an admin may register … SearchParameters and
 * profiles").
 */
const ADMIN_WRITTEN_TYPES: ReadonlySet<string> = new Set([
  'SearchParameter',
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'ImplementationGuide',
]);
const AUDIT_OPERATORS: readonly OperatorRole[] = ['auditor', 'admin'];
const WRITES: ReadonlySet<Permission> = new Set<Permission>(['c', 'u', 'd']);

/**
 * The operator-role rules: AuditEvents are read, searched and created only by an auditor or an
 * admin, and never through a patient's launch — the trail names other patients, and it is the
 * server's record (IHE BALP), so an app may neither read it nor add forged events to it (the
 * HL7 v2 worker, which records its messages' events, is an auditor); the definitions of
 * {@link ADMIN_WRITTEN_TYPES} are created, updated and deleted only by an admin.
 */
function roleAllows(access: Access, resourceType: string, permission: Permission): boolean {
  if (resourceType === 'AuditEvent') {
    return access.patient === undefined && AUDIT_OPERATORS.some((role) => access.roles.has(role));
  }
  return !WRITES.has(permission) || !ADMIN_WRITTEN_TYPES.has(resourceType) || access.roles.has('admin');
}
