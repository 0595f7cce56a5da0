import type { FhirClient } from '@nexushealth/sdk';
import { buildSecurityAuditEvent } from '../audit/security-audit-event.js';
import type { SecurityAuditInput } from '../audit/security-event.js';

/**
 * The security audit of a process that serves no API (ROLE=mllp): the event is created as an
 * AuditEvent through the FHIR API (DELIVERY_URL, with the HL7 v2 delivery credentials), so it
 * joins the one chained trail the API keeps (http.html#create; AuditEvents are append-only).
 */
export function remoteSecurityAudit(
  client: Pick<FhirClient, 'create'>,
  serverUrl: string,
): (input: SecurityAuditInput) => Promise<void> {
  return async (input) => void (await client.create(buildSecurityAuditEvent(input, serverUrl)));
}
