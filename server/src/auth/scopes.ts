/**
 * SMART on FHIR resource scopes, v1 and v2 (https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html):
 * `patient/Observation.read` (v1), `user/*.cruds` (v2), `system/Patient.rs?category=laboratory`
 * (v2 with a granular restriction). Other scopes (`openid`, `fhirUser`, `launch/patient`,
 * `offline_access`, …) carry no resource access and are kept as they are.
 */

/** v2 permissions, in the only order the grammar allows: c r u d s. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** Whose data a scope reaches: one patient's compartment, what the user may see, or a backend system's. */
export type ScopeContext = 'patient' | 'user' | 'system';

export interface ResourceScope {
  context: ScopeContext;
  /** A resource type, or `*` for all. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  /** A v2 granular restriction (`?category=laboratory`): the scope reaches only matching resources. */
  restriction?: Array<[string, string]>;
  /** The scope as written, for audit and introspection. */
  text: string;
}

/** A scope string the grammar refuses: the whole set fails closed (SMART: a partly valid set is no grant). */
export class InvalidScopeError extends Error {
  constructor(readonly scope: string) {
    super(`invalid scope: ${scope}`);
    this.name = 'InvalidScopeError';
  }
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)(?:\?(.*))?$/;
const V2_PERMISSIONS = /^c?r?u?d?s?$/;
const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/** The parsed scopes of one token or request; resource scopes apart from the others. */
export class ScopeSet {
  constructor(
    readonly resourceScopes: readonly ResourceScope[],
    readonly otherScopes: readonly string[] = [],
  ) {}

  /** The scopes granting `permission` on `resourceType` (a wildcard scope grants every type). */
  granting(resourceType: string, permission: Permission): ResourceScope[] {
    return this.resourceScopes.filter(
      (scope) =>
        (scope.resourceType === '*' || scope.resourceType === resourceType) && scope.permissions.has(permission),
    );
  }

  /** The scope string, normalised (one space between scopes). */
  toString(): string {
    return [...this.resourceScopes.map((scope) => scope.text), ...this.otherScopes].join(' ');
  }
}

/**
 * Parses a space-separated scope string. Every resource scope must be well-formed and name a
 * known resource type, else the whole set is refused ({@link InvalidScopeError}).
 */
export function parseScopes(text: string, isResourceType: (name: string) => boolean): ScopeSet {
  const resourceScopes: ResourceScope[] = [];
  const otherScopes: string[] = [];
  for (const scope of text.split(' ').filter((part) => part !== '')) {
    if (!/^(patient|user|system)\//.test(scope)) {
      otherScopes.push(scope);
      continue;
    }
    resourceScopes.push(parseResourceScope(scope, isResourceType));
  }
  return new ScopeSet(resourceScopes, otherScopes);
}

function parseResourceScope(scope: string, isResourceType: (name: string) => boolean): ResourceScope {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) throw new InvalidScopeError(scope);
  const [, context, resourceType, permissionText, query] = match as unknown as [
    string,
    ScopeContext,
    string,
    string,
    string?,
  ];
  if (resourceType !== '*' && !isResourceType(resourceType)) throw new InvalidScopeError(scope);
  const permissions = permissionsOf(permissionText, query !== undefined);
  if (!permissions) throw new InvalidScopeError(scope);
  const parsed: ResourceScope = { context, resourceType, permissions: new Set(permissions), text: scope };
  if (query !== undefined) {
    const restriction = [...new URLSearchParams(query)];
    if (restriction.length === 0) throw new InvalidScopeError(scope);
    parsed.restriction = restriction;
  }
  return parsed;
}

/** v1 names (read, write, *) or v2 letters; a v2 restriction (`?…`) only follows v2 letters. */
function permissionsOf(text: string, restricted: boolean): Permission[] | undefined {
  const v1 = V1_PERMISSIONS[text];
  if (v1) return restricted ? undefined : v1;
  if (text === '' || !V2_PERMISSIONS.test(text)) return undefined;
  return [...text] as Permission[];
}
