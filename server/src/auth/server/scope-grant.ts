import { ScopeSet, type Permission, type ResourceScope } from '../scopes.js';

const ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];

/**
 * What a token is granted: the requested scopes as far as the client's registered scopes allow
 * (SMART Backend Services: "the authorization server … MAY grant fewer scopes than requested").
 * A resource scope meets each registered scope of the same context (patient/user/system): the
 * narrower type (a `*` meets any type), the permissions both hold, and the restriction (`?…`)
 * either carries (two different restrictions do not meet). Other scopes (`openid`, …) are
 * granted only when registered as they are. Requested `system/*.rs` against registered
 * `system/Patient.read system/Observation.cruds` gives `system/Patient.read system/Observation.rs`.
 */
export function grantedScopes(requested: ScopeSet, registered: ScopeSet): ScopeSet {
  const granted = new Map<string, ResourceScope>();
  for (const asked of requested.resourceScopes) {
    for (const allowed of registered.resourceScopes) {
      const scope = meet(asked, allowed);
      if (scope && !granted.has(scope.text)) granted.set(scope.text, scope);
    }
  }
  const others = requested.otherScopes.filter((scope) => registered.otherScopes.includes(scope));
  return new ScopeSet([...granted.values()], [...new Set(others)]);
}

function meet(asked: ResourceScope, allowed: ResourceScope): ResourceScope | undefined {
  if (asked.context !== allowed.context) return undefined;
  if (asked.resourceType !== '*' && allowed.resourceType !== '*' && asked.resourceType !== allowed.resourceType)
    return undefined;
  const restriction = meetRestriction(asked.restriction, allowed.restriction);
  if (restriction === null) return undefined;
  const permissions = ORDER.filter((p) => asked.permissions.has(p) && allowed.permissions.has(p));
  if (permissions.length === 0) return undefined;
  const resourceType = asked.resourceType === '*' ? allowed.resourceType : asked.resourceType;
  const unchanged =
    resourceType === asked.resourceType &&
    permissions.length === asked.permissions.size &&
    restriction === asked.restriction;
  const scope: ResourceScope = {
    context: asked.context,
    resourceType,
    permissions: new Set(permissions),
    text: unchanged ? asked.text : textOf(asked.context, resourceType, permissions, restriction),
  };
  if (restriction) scope.restriction = restriction;
  return scope;
}

/** null: the two restrictions differ, no meet. */
function meetRestriction(
  asked: ResourceScope['restriction'],
  allowed: ResourceScope['restriction'],
): ResourceScope['restriction'] | null {
  if (!allowed) return asked;
  if (!asked) return allowed;
  return new URLSearchParams(asked).toString() === new URLSearchParams(allowed).toString() ? asked : null;
}

function textOf(
  context: string,
  resourceType: string,
  permissions: readonly Permission[],
  restriction: ResourceScope['restriction'],
): string {
  const query = restriction ? `?${new URLSearchParams(restriction).toString()}` : '';
  return `${context}/${resourceType}.${permissions.join('')}${query}`;
}
