import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import type { Access } from '../auth/access.js';

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
  /** The search or history query string, for BALP's query entity. */
  query?: string;
  observer: string;
}

const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const BALP_ENTITY_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';

/**
 * An AuditEvent in the shape of IHE BALP's basic RESTful events
 * (https://profiles.ihe.net/ITI/BALP/content.html): type `rest`, the interaction as subtype,
 * action C/R/U/D/E, outcome by HTTP status, the client as agent with its network address,
 * the server as source, and entities for each resource, the query and the request id.
 */
export function buildAuditEvent(input: AuditInput): AuditEvent {
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
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
              code: 'IRCP',
              display: 'information recipient',
            },
          ],
        },
        who: input.actor.access.clientId
          ? { identifier: { value: input.actor.access.clientId } }
          : { display: 'anonymous' },
        requestor: true,
        ...(input.actor.remoteAddress ? { network: { address: input.actor.remoteAddress, type: '2' as const } } : {}),
      },
    ],
    source: {
      observer: { display: input.observer },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: entities(input),
  };
  if (input.failure) event.outcomeDesc = input.failure;
  return event;
}

function entities(input: AuditInput): AuditEventEntity[] {
  const list: AuditEventEntity[] = input.resources.map((reference) => ({
    what: { reference },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
  }));
  if (input.query !== undefined) {
    list.push({
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24', display: 'Query' },
      query: Buffer.from(input.query, 'utf8').toString('base64'),
    });
  }
  list.push({
    what: { identifier: { value: input.actor.requestId } },
    type: { system: BALP_ENTITY_TYPE, code: 'XrequestId' },
  });
  return list;
}

/** 0 success, 4 minor failure (client error), 8 serious failure (server error) — AuditEvent.outcome. */
function outcomeCode(status: number): AuditEvent['outcome'] {
  if (status < 400) return '0';
  return status < 500 ? '4' : '8';
}
