import { reach, type Access } from './access.js';
import type { Permission } from './scopes.js';

/**
 * Whether `permission` reaches at least one resource type: what a system-level search or
 * history needs before the engine limits its results to the types reached.
 */
export function reachesSomeType(access: Access, permission: Permission): boolean {
  if (access.mode === 'off') return true;
  return access.scopes.resourceScopes.some(
    (scope) => scope.permissions.has(permission) && reach(access, scope.resourceType, permission) !== 'none',
  );
}
