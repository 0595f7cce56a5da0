import type { AuditEventAgent, AuditEventSource } from '@medplum/fhirtypes';
import { BALP_AGENT_TYPE, DCM } from './balp-codes.js';

/** Who took part in an audited event, as far as the server knows (never the token itself). */
export interface AuditParticipants {
  /** The OAuth client (who.identifier.value). */
  clientId?: string;
  /** The person using the client (`fhirUser` or `sub`). */
  userId?: string;
  /** The access token's `jti`: BALP puts it in the user agent's `policy`. */
  tokenId?: string;
  remoteAddress?: string;
  /** Set for AUTH_MODE=off, where nobody authenticates. */
  unauthenticated?: boolean;
}

/**
 * The agents of IHE BALP's RESTful patterns (https://profiles.ihe.net/ITI/BALP/content.html#3574-basic-audit-log-patterns):
 * the client as Source Role ID (DCM 110153) with its network address, the server as Destination
 * Role ID (DCM 110152), and — when a person uses the client — the user as UserOauthAgent
 * (IHE.BasicAudit.OAUTHaccessTokenUse). The requestor is the user when there is one, else the
 * client; it carries the token's `jti` as `policy` (`urn:ietf:params:oauth:jti:…`).
 */
export function balpAgents(participants: AuditParticipants, serverUrl: string): AuditEventAgent[] {
  const policy = participants.tokenId ? { policy: [`urn:ietf:params:oauth:jti:${participants.tokenId}`] } : {};
  const client: AuditEventAgent = {
    type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
    who: participants.clientId
      ? { identifier: { value: participants.clientId } }
      : { display: participants.unauthenticated ? 'unauthenticated (AUTH_MODE=off)' : 'anonymous' },
    requestor: participants.userId === undefined,
    ...(participants.userId === undefined ? policy : {}),
    ...(participants.remoteAddress ? { network: { address: participants.remoteAddress, type: '2' as const } } : {}),
  };
  const server: AuditEventAgent = {
    type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] },
    who: { display: serverUrl },
    requestor: false,
    network: { address: serverUrl, type: '5' },
  };
  if (participants.userId === undefined) return [client, server];
  const user: AuditEventAgent = {
    type: { coding: [{ system: BALP_AGENT_TYPE, code: 'UserOauthAgent', display: 'User OAuth Agent participant' }] },
    who: isReference(participants.userId)
      ? { reference: participants.userId }
      : { identifier: { value: participants.userId } },
    requestor: true,
    ...policy,
  };
  return [client, server, user];
}

/** `fhirUser` is a FHIR resource URL (`Practitioner/123`, possibly absolute); `sub` is an opaque id. */
function isReference(userId: string): boolean {
  return /(^|\/)(Patient|Practitioner|PractitionerRole|RelatedPerson|Person)\/[A-Za-z0-9\-.]{1,64}$/.test(userId);
}

/** This server as the event's source: an Application Server (security-source-type 4). */
export function balpSource(serverUrl: string): AuditEventSource {
  return {
    observer: { display: serverUrl },
    type: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
        code: '4',
        display: 'Application Server',
      },
    ],
  };
}
