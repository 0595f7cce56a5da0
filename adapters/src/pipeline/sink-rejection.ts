import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Hl7Issue } from '../mapping/hl7-issue.js';

/** Statuses that are about the moment, not the message: retry instead of answering AE. */
const transient = new Set([408, 429]);

/** HTTP status → HL7 table 0357 for a transaction the server refused. */
// 400/422: the content the message gave is not valid FHIR (102 data type error, not 207 internal error).
const codeByStatus: Readonly<Record<number, string>> = { 400: '102', 404: '204', 409: '206', 412: '205', 422: '102' };

/**
 * Reads a sink error as "the server refused this Bundle" when it carries a 4xx `status` (and usually the
 * `outcome` the server sent), as the SDK's `FhirClientError` does; anything else is undefined and means
 * "retry". The ERR text keeps only the HTTP status, the issue codes and their `expression` paths: a
 * server's `diagnostics` may quote the data (an MRN in a duplicate-key message), and this text goes back
 * to the sender, into the inbox and into an immutable AuditEvent (no PHI: adapters/README.md).
 */
export function sinkRejection(error: unknown): Hl7Issue | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  if (typeof status !== 'number' || status < 400 || status > 499 || transient.has(status)) return undefined;
  const outcome = 'outcome' in error ? (error.outcome as OperationOutcome | undefined) : undefined;
  const issues = outcome?.issue ?? [];
  const codes = [...new Set(issues.map((i) => i.code).filter((c) => typeof c === 'string'))];
  const where = issues.flatMap((i) => (Array.isArray(i.expression) ? i.expression : []));
  const text = [
    `the FHIR server refused the transaction (HTTP ${status}${codes.length === 0 ? '' : `, ${codes.join(', ')}`})`,
    ...(where.length === 0 ? [] : [`at ${where.join(', ')}`]),
  ].join(' ');
  return { code: codeByStatus[status] ?? '207', text };
}
