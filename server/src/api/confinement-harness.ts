import type { Bundle, Resource } from '@medplum/fhirtypes';
import { UNRESTRICTED_ACCESS, type Access } from '../auth/access.js';
import { parseScopes } from '../auth/scopes.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirEngine } from '../interactions/engine.js';

/** An access token's Access as the auth middleware would build it (engine-level attack tests). */
export function tokenAccess(engine: FhirEngine, scope: string, patient?: string): Access {
  const scopes = parseScopes(scope, (type) => engine.context.validator.isResourceType(type));
  return { mode: 'smart', clientId: 'attacker-app', roles: new Set(), scopes, ...(patient ? { patient } : {}) };
}

export interface EngineAnswer {
  status: number;
  resource: Resource | undefined;
}

/** One request through the engine as `access` (the router's grammar for the URL); errors as their status. */
export async function ask(
  engine: FhirEngine,
  access: Access,
  method: string,
  url: string,
  body?: unknown,
): Promise<EngineAnswer> {
  const route = engine.context.parseEntryRequest(method, url);
  try {
    const result = await engine.handle({ ...route, headers: {}, body, actor: { requestId: 'attack', access } });
    return { status: result.status, resource: result.resource };
  } catch (error) {
    if (error instanceof OperationOutcomeError) return { status: error.status, resource: error.outcome };
    throw error;
  }
}

/** Writes `resources` (with their ids) as an unrestricted caller. */
export async function seed(engine: FhirEngine, resources: Resource[]): Promise<void> {
  for (const resource of resources) {
    const answer = await ask(
      engine,
      UNRESTRICTED_ACCESS,
      'PUT',
      `${resource.resourceType}/${resource.id ?? ''}`,
      resource,
    );
    if (answer.status >= 300)
      throw new Error(`seeding ${resource.resourceType}/${resource.id ?? ''}: ${answer.status}`);
  }
}

/** `Type/id` of a Bundle's entries in one search mode (history entries count as matches), sorted. */
export function keysOf(bundle: Resource | undefined, mode: 'match' | 'include' = 'match'): string[] {
  return ((bundle as Bundle | undefined)?.entry ?? [])
    .flatMap((e) =>
      (e.search?.mode ?? 'match') === mode && e.resource ? [`${e.resource.resourceType}/${e.resource.id ?? ''}`] : [],
    )
    .sort();
}
