import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { UNRESTRICTED_ACCESS, type Access } from '../auth/access.js';
import { parseScopes } from '../auth/scopes.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirEngine } from '../interactions/engine.js';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

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

/** An Observation of `subject` with code `urn:test|<code>`, and a performer if given. */
export function observation(id: string, subject: string, code: string, performer?: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'urn:test', code }] },
    subject: { reference: subject },
    ...(performer ? { performer: [{ reference: performer }] } : {}),
  };
}

/**
 * Two patients and what the attacks aim at: p1 (Anna, the launch patient) with o1 naming p2 as
 * performer, p2 (Bob) with the `secret` o2 and a general practitioner, a Provenance of o1.
 */
export function twoPatients(): Resource[] {
  return [
    { resourceType: 'Practitioner', id: 'dr', name: [{ family: 'House' }] },
    { resourceType: 'Patient', id: 'p1', name: [{ family: 'Anna' }] },
    {
      resourceType: 'Patient',
      id: 'p2',
      name: [{ family: 'Bob' }],
      generalPractitioner: [{ reference: 'Practitioner/dr' }],
    },
    observation('o1', 'Patient/p1', 'pulse', 'Patient/p2'),
    observation('o2', 'Patient/p2', 'secret'),
    {
      resourceType: 'Provenance',
      id: 'prov',
      target: [{ reference: 'Observation/o1' }],
      recorded: '2026-01-01T00:00:00Z',
      agent: [{ who: { reference: 'Practitioner/dr' } }],
    },
  ];
}

/** A server with auth on, holding `resources` as written (PUT) by an admin over HTTP. */
export async function authServerWith(resources: Resource[]): Promise<TestServer> {
  const server = await startTestServer({ auth: true });
  const admin = await server.token({ scope: 'system/*.cruds', roles: ['admin'] });
  for (const body of resources) {
    const result = await call(server, 'PUT', `${body.resourceType}/${body.id ?? ''}`, { token: admin, body });
    if (result.status !== 201) throw new Error(`seeding ${body.resourceType}/${body.id ?? ''}: ${result.text}`);
  }
  return server;
}

/** A transaction whose first entry writes into p1's compartment (Observation/t1), its second into p2's. */
export function crossPatientTransaction(): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { resource: observation('t1', 'Patient/p1', 'pulse'), request: { method: 'PUT', url: 'Observation/t1' } },
      { resource: observation('t2', 'Patient/p2', 'forged'), request: { method: 'POST', url: 'Observation' } },
    ],
  };
}
