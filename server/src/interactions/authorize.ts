import { reach, type Access } from '../auth/access.js';
import { reachesSomeType } from '../auth/reaches-some-type.js';
import type { Permission } from '../auth/scopes.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { OperationAccess, ServerOperation } from '../operations/server-operation.js';
import type { FhirRequest, InteractionName } from './fhir-request.js';

/** One permission the request needs: on a type, or (`type` absent) on at least one type. */
interface Requirement {
  type?: string;
  permission: Permission;
}

/**
 * The SMART permission each interaction needs on the type of its URL
 * (https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-clinical-data):
 * `r` instance read, vread and history; `s` type and system search and history; `c` create;
 * `u` update and patch — an update that creates (http.html#upsert) needs `u` only, as SMART
 * says the update scope allows it; `d` delete. A patch also needs `r`: it is applied to the
 * stored version and answers the result (and a JSON Patch `test` probes it), so with `u` alone
 * it would read what the caller may not (SMART lets a server refuse more than the scopes
 * seem to allow). A conditional interaction also searches (its condition is a search), so it
 * needs `s` as well. A batch needs nothing itself: each of its entries is gated like a request
 * of its own.
 */
const NEEDS: Record<InteractionName, readonly Permission[]> = {
  read: ['r'],
  vread: ['r'],
  'history-instance': ['r'],
  create: ['c'],
  update: ['u'],
  'conditional-update': ['u', 's'],
  patch: ['r', 'u'],
  'conditional-patch': ['r', 'u', 's'],
  delete: ['d'],
  'conditional-delete': ['d', 's'],
  'history-type': ['s'],
  'history-system': ['s'],
  'search-type': ['s'],
  'search-compartment': ['s'],
  'search-system': ['s'],
  batch: [],
  // What an operation needs is its own declaration (`ServerOperation.access`).
  operation: [],
};

/** The interactions over several types: they need the permission on at least one of them. */
const SYSTEM_LEVEL: ReadonlySet<InteractionName> = new Set(['history-system', 'search-system']);

/**
 * The engine's gate, before any handler runs: refuses (403 `forbidden`, naming the type and
 * the permission, nothing of the data) a request whose scopes or roles do not reach what the
 * interaction needs. A reach of `compartment` passes; the interaction then confines what it
 * reads or writes to that patient's compartment. A request without an actor is the server's
 * own call and is not gated. `at` is where the request sits in a Bundle, for the error.
 */
export function authorize(request: FhirRequest, operations: ReadonlyMap<string, ServerOperation>, at?: string): void {
  const access = request.actor?.access;
  if (access === undefined || access.mode === 'off') return;
  if (request.interaction === 'operation') {
    const operation = operations.get(request.operation ?? '');
    // An unknown operation is the handler's 404; it names nothing, so it reveals nothing.
    if (operation) authorizeOperation(access, request, operation.access, at);
    return;
  }
  assertAll(access, requirements(request), request.interaction, at);
}

function requirements(request: FhirRequest): Requirement[] {
  const type = SYSTEM_LEVEL.has(request.interaction) ? undefined : gatedType(request);
  const permissions = [...NEEDS[request.interaction]];
  // A conditional create (http.html#ccreate): If-None-Exist is a search of the type.
  if (request.interaction === 'create' && request.headers.ifNoneExist !== undefined) permissions.push('s');
  return permissions.map((permission) => (type === undefined ? { permission } : { type, permission }));
}

/** The type a permission is needed on: the searched type of a compartment search (`*`: any). */
function gatedType(request: FhirRequest): string | undefined {
  if (request.interaction !== 'search-compartment') return request.resourceType;
  return request.searchType === '*' ? undefined : request.searchType;
}

function authorizeOperation(access: Access, request: FhirRequest, needs: OperationAccess, at?: string): void {
  const name = `$${request.operation ?? ''}`;
  if (needs.roles && !needs.roles.some((role) => access.roles.has(role))) {
    throw forbidden(`${name} needs the role ${needs.roles.join(' or ')}`, at);
  }
  const onType = (needs.onType ?? []).map((permission) =>
    request.resourceType === undefined ? { permission } : { type: request.resourceType, permission },
  );
  const others = Object.entries(needs.types ?? {}).flatMap(([type, permissions]) =>
    permissions.map((permission) => ({ type, permission })),
  );
  assertAll(access, [...onType, ...others], name, at);
}

function assertAll(access: Access, needs: readonly Requirement[], what: string, at?: string): void {
  for (const { type, permission } of needs) {
    if (type !== undefined) assertPermitted(access, type, permission, what, at);
    else if (!reachesSomeType(access, permission))
      throw forbidden(`${what} needs permission '${permission}' on some resource type`, at);
  }
}

/**
 * Refuses (403) what needs `permission` on `type` where the caller's reach is `none`; also for
 * what a request does inside its handler (a conditional reference searches its type). The
 * refusal depends on the type alone, never on the data.
 */
export function assertPermitted(
  access: Access | undefined,
  type: string,
  permission: Permission,
  what: string,
  at?: string,
): void {
  if (access === undefined || reach(access, type, permission) !== 'none') return;
  throw forbidden(`${what} needs permission '${permission}' on ${type}`, at);
}

function forbidden(diagnostics: string, at?: string): OperationOutcomeError {
  return OperationOutcomeError.of('forbidden', `Access denied: ${diagnostics}`, at, 403);
}
