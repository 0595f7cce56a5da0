import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import type { Access } from '../auth/access.js';
import { balpAgents, balpSource } from './balp-agents.js';
import { BALP_ENTITY_TYPE, ENTITY_TYPE, OBJECT_ROLE, SYSTEM_OBJECT } from './balp-codes.js';
import { outcomeCode } from './outcome-code.js';

/** Who made a request, as far as the server knows it. */
export interface RequestActor {
  requestId: string;
  remoteAddress?: string;
  /** What the request may do (auth middleware); batch and transaction entries inherit it. */
  access: Access;
}

export interface AuditInput {
  /** The restful-interaction code (http://hl7.org/fhir/R4/valueset-type-restful-interaction.html). */
  subtype: string;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  recorded: Date;
  status: number;
  /** Why it failed, without PHI (the diagnostics of the OperationOutcome). */
  failure?: string;
  actor: RequestActor;
  /** Resources touched, as `Type/id`. */
  resources: string[];
  /** Patients touched, as `Patient/id` (one BALP patient entity each). */
  patients: string[];
  /** The search or history query string, for BALP's query entity. */
  query?: string;
  observer: string;
}

/**
 * An AuditEvent in the shape of IHE BALP's basic RESTful events
 * (https://profiles.ihe.net/ITI/BALP/content.html): type `rest`, the interaction as subtype,
 * action C/R/U/D/E, outcome by HTTP status, the client, the server and the user as agents
 * (balp-agents.ts), the server as source, and entities for each resource, each patient, the
 * query and the request id.
 */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  const { access } = input.actor;
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: input.subtype }],
    action: input.action,
    recorded: input.recorded.toISOString(),
    outcome: outcomeCode(input.status),
    agent: balpAgents(
      {
        ...(access.clientId !== undefined ? { clientId: access.clientId } : {}),
        ...(access.userId !== undefined ? { userId: access.userId } : {}),
        ...(access.tokenId !== undefined ? { tokenId: access.tokenId } : {}),
        ...(input.actor.remoteAddress !== undefined ? { remoteAddress: input.actor.remoteAddress } : {}),
        unauthenticated: access.mode === 'off',
      },
      input.observer,
    ),
    source: balpSource(input.observer),
    entity: entities(input),
  };
  if (input.failure) event.outcomeDesc = input.failure;
  return event;
}

/** BALP's patient entity (https://profiles.ihe.net/ITI/BALP/content.html#patient): `Patient/id`. */
export function patientEntity(reference: string): AuditEventEntity {
  return {
    what: { reference },
    type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  };
}

function entities(input: AuditInput): AuditEventEntity[] {
  // A Patient touched is its patient entity (BALP's Patient patterns), not a second data entity.
  const patients = new Set(input.patients);
  const list: AuditEventEntity[] = input.resources
    .filter((reference) => !patients.has(reference))
    .map((reference) => ({ what: { reference }, type: SYSTEM_OBJECT }));
  list.push(...input.patients.map(patientEntity));
  if (input.query !== undefined) {
    list.push({
      type: SYSTEM_OBJECT,
      role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
      query: Buffer.from(input.query, 'utf8').toString('base64'),
    });
  }
  list.push({
    what: { identifier: { value: input.actor.requestId } },
    type: { system: BALP_ENTITY_TYPE, code: 'XrequestId' },
  });
  return list;
}
