import { reach, type Access, type OperatorRole, type Reach } from './access.js';
import type { Permission } from './scopes.js';

/**
 * Definitions that change how the server itself behaves (search, validation, terminology):
 * only an admin writes them (issue 6: "only an admin may register … SearchParameters and
 * profiles"), whatever the scopes say.
 */
const ADMIN_WRITTEN_TYPES: ReadonlySet<string> = new Set([
  'SearchParameter',
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'ImplementationGuide',
]);

/** The audit trail is read by the people who run the server, never through a patient's launch. */
const AUDIT_READERS: readonly OperatorRole[] = ['auditor', 'admin'];

const WRITES: ReadonlySet<Permission> = new Set<Permission>(['c', 'u', 'd']);

/**
 * The reach of `permission` on `resourceType` for this caller: the scopes' reach
 * ({@link reach}), narrowed by the operator-role rules — AuditEvent read/search needs the
 * auditor or admin role and no patient context; writes of the definitions in
 * {@link ADMIN_WRITTEN_TYPES} need the admin role. Scopes alone never pass either rule.
 */
export function grantedReach(access: Access, resourceType: string, permission: Permission): Reach {
  if (access.mode === 'off') return 'all';
  if (resourceType === 'AuditEvent' && !WRITES.has(permission) && !readsAudit(access)) return 'none';
  if (ADMIN_WRITTEN_TYPES.has(resourceType) && WRITES.has(permission) && !access.roles.has('admin')) return 'none';
  return reach(access, resourceType, permission);
}

/**
 * Whether `permission` reaches at least one type: what a system-level search or history
 * needs before the engine limits its results to the types reached.
 */
export function reachesSomeType(access: Access, permission: Permission): boolean {
  if (access.mode === 'off') return true;
  return access.scopes.resourceScopes.some(
    (scope) =>
      scope.permissions.has(permission) &&
      (scope.resourceType === '*'
        ? reach(access, '*', permission) !== 'none'
        : grantedReach(access, scope.resourceType, permission) !== 'none'),
  );
}

function readsAudit(access: Access): boolean {
  return access.patient === undefined && AUDIT_READERS.some((role) => access.roles.has(role));
}
