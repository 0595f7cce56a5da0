import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import { patientEntity } from './audit-event.js';
import { balpAgents, balpSource } from './balp-agents.js';
import {
  BALP_AGENT_TYPE,
  BALP_ENTITY_TYPE,
  DCM,
  IHE_EVENT_TYPE,
  NEXUS_NAMESPACE,
  OBJECT_ROLE,
  SYSTEM_OBJECT,
} from './balp-codes.js';
import { outcomeCode } from './outcome-code.js';
import type { SecurityAuditInput } from './security-event.js';

const USER_AUTHENTICATION: Coding = { system: DCM, code: '110114', display: 'User Authentication' };
const SECURITY_ALERT: Coding = { system: DCM, code: '110113', display: 'Security Alert' };
const USER_SECURITY_ATTRIBUTES_CHANGED: Coding = {
  system: DCM,
  code: '110137',
  display: 'User Security Attributes Changed',
};
/** DICOM CID 403 Security Alert Type: a signing key rotated changes the server's security configuration. */
const SECURITY_CONFIGURATION: Coding = { system: DCM, code: '110129', display: 'Security Configuration' };
const LOGIN: Coding = { system: DCM, code: '110122', display: 'Login' };
const PATIENT_RECORD: Coding = { system: DCM, code: '110110', display: 'Patient Record' };
/** The project's own subtype codes, where neither DICOM nor IHE has one. */
const SECURITY_SUBTYPE = `${NEXUS_NAMESPACE}/CodeSystem/security-event`;

/** type, subtype and action per kind (DICOM PS3.15 A.5.3, IHE IUA ITI-71 / ITI-102 via BALP). */
function classify(input: SecurityAuditInput): Pick<AuditEvent, 'type' | 'subtype' | 'action'> {
  switch (input.kind) {
    case 'token-issued':
    case 'token-refused':
      return {
        type: USER_AUTHENTICATION,
        subtype: [{ system: IHE_EVENT_TYPE, code: 'ITI-71', display: 'Get Access Token' }, LOGIN],
        action: 'E',
      };
    case 'token-introspected':
      return {
        type: USER_AUTHENTICATION,
        subtype: [{ system: IHE_EVENT_TYPE, code: 'ITI-102', display: 'Introspect Token' }],
        action: 'E',
      };
    case 'client-registered':
    case 'client-removed':
      return {
        type: USER_SECURITY_ATTRIBUTES_CHANGED,
        subtype: [{ system: SECURITY_SUBTYPE, code: input.kind }],
        action: input.kind === 'client-registered' ? 'C' : 'D',
      };
    case 'signing-key-rotated':
      return { type: SECURITY_ALERT, subtype: [SECURITY_CONFIGURATION], action: 'E' };
    // The inbox holds raw HL7 v2 messages: reading it is a patient record access (DICOM PS3.15 A.5.3.10).
    case 'hl7-inbox-read':
      return { type: PATIENT_RECORD, subtype: [{ system: SECURITY_SUBTYPE, code: input.kind }], action: 'R' };
    case 'hl7-inbox-replay':
      return { type: PATIENT_RECORD, subtype: [{ system: SECURITY_SUBTYPE, code: input.kind }], action: 'E' };
    case 'access-denied':
      // A 401 is a failed authentication (a login refused); 403/429 before the engine, an alert.
      return input.status === 401
        ? { type: USER_AUTHENTICATION, subtype: [LOGIN], action: 'E' }
        : { type: SECURITY_ALERT, subtype: [{ system: SECURITY_SUBTYPE, code: 'access-denied' }], action: 'E' };
  }
}

/**
 * The AuditEvent of a security event that is not a FHIR interaction. Token events follow IHE
 * BALP's IUA ITI-71 pattern (https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.IUA.71.html):
 * the client as Application (DCM 110150), this server as the OAuth authorization server
 * (AuthzOauthService), the user when known, and the token (its `jti` only) as entity; the others
 * the agents of the RESTful patterns. The scope is recorded (it names types, never PHI).
 */
export function buildSecurityAuditEvent(input: SecurityAuditInput, serverUrl: string): AuditEvent {
  const classified = classify(input);
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    ...classified,
    recorded: input.recorded.toISOString(),
    outcome: outcomeCode(input.status),
    agent: input.kind.startsWith('token-') ? tokenAgents(input, serverUrl) : balpAgents(input, serverUrl),
    source: balpSource(serverUrl),
    entity: securityEntities(input),
  };
  if (input.failure) event.outcomeDesc = input.failure;
  return event;
}

function tokenAgents(input: SecurityAuditInput, serverUrl: string): AuditEventAgent[] {
  const network = input.remoteAddress ? { network: { address: input.remoteAddress, type: '2' as const } } : {};
  const agents: AuditEventAgent[] = [
    {
      type: { coding: [{ system: DCM, code: '110150', display: 'Application' }] },
      who: input.clientId ? { identifier: { value: input.clientId } } : { display: 'unknown client' },
      requestor: input.userId === undefined,
      ...network,
    },
    {
      type: { coding: [{ system: BALP_AGENT_TYPE, code: 'AuthzOauthService', display: 'OAuth Authorization Server' }] },
      who: { display: `${serverUrl.replace(/\/fhir$/, '')}/auth` },
      requestor: false,
      network: { address: serverUrl, type: '5' },
    },
  ];
  if (input.userId !== undefined) {
    agents.push({
      type: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
            code: 'IRCP',
            display: 'information recipient',
          },
        ],
      },
      who: { identifier: { value: input.userId } },
      requestor: true,
    });
  }
  return agents;
}

/** The HL7 v2 inbox entries' identifier system (the ids of /hl7v2/inbox/{id}). */
const INBOX_ENTRY_SYSTEM = `${NEXUS_NAMESPACE}/hl7v2-inbox`;
const SECURITY_USER_ENTITY: Coding = { system: OBJECT_ROLE, code: '11', display: 'Security User Entity' };

function securityEntities(input: SecurityAuditInput): AuditEventEntity[] {
  const entities: AuditEventEntity[] = [];
  const scope = input.scope !== undefined ? { detail: [{ type: 'scope', valueString: input.scope }] } : {};
  if (input.targetClientId !== undefined) {
    // Whose access changed: an auditor asks "who gave client X access, and when was it revoked".
    entities.push({
      type: SYSTEM_OBJECT,
      role: SECURITY_USER_ENTITY,
      what: { identifier: { value: input.targetClientId } },
      ...scope,
    });
  } else if (input.kind.startsWith('token-') && (input.tokenId !== undefined || input.scope !== undefined)) {
    // The token is the object of a token event; elsewhere its jti is the agent's policy only.
    entities.push({
      type: SYSTEM_OBJECT,
      ...(input.tokenId !== undefined
        ? { what: { identifier: { value: `urn:ietf:params:oauth:jti:${input.tokenId}` } } }
        : {}),
      ...scope,
    });
  }
  for (const id of input.inboxEntries ?? []) {
    entities.push({ type: SYSTEM_OBJECT, what: { identifier: { system: INBOX_ENTRY_SYSTEM, value: id } } });
  }
  entities.push(...[...new Set(input.patients ?? [])].map(patientEntity));
  if (input.what !== undefined) entities.push({ type: SYSTEM_OBJECT, what: { display: input.what } });
  entities.push({
    what: { identifier: { value: input.requestId } },
    type: { system: BALP_ENTITY_TYPE, code: 'XrequestId' },
  });
  return entities;
}
