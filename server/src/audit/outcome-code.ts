import type { AuditEvent } from '@medplum/fhirtypes';

/**
 * AuditEvent.outcome by HTTP status (http://hl7.org/fhir/R4/valueset-audit-event-outcome.html):
 * 0 success, 4 minor failure (a client error, a denial), 8 serious failure (a server error).
 */
export function outcomeCode(status: number): AuditEvent['outcome'] {
  if (status < 400) return '0';
  return status < 500 ? '4' : '8';
}
