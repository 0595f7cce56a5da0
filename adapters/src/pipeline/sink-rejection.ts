import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Hl7Issue } from '../mapping/hl7-issue.js';

/** Statuses that are about the moment, not the message: retry instead of answering AE. */
const transient = new Set([408, 429]);

/** HTTP status → HL7 table 0357 for a transaction the server refused. */
const codeByStatus: Readonly<Record<number, string>> = { 404: '204', 409: '206', 412: '205' };

/**
 * Reads a sink error as "the server refused this Bundle" when it carries a 4xx `status` (and usually the
 * `outcome` the server sent), as the SDK's `FhirClientError` does; anything else is undefined and means
 * "retry". The ERR text is the first issue's diagnostics and expression: the server's words about our
 * Bundle, going back to the party that sent the data.
 */
export function sinkRejection(error: unknown): Hl7Issue | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  if (typeof status !== 'number' || status < 400 || status > 499 || transient.has(status)) return undefined;
  const outcome = 'outcome' in error ? (error.outcome as OperationOutcome | undefined) : undefined;
  const issue = outcome?.issue?.[0];
  const where = Array.isArray(issue?.expression) ? issue.expression.join(', ') : undefined;
  const what = issue?.diagnostics ?? issue?.details?.text ?? `the FHIR server refused the transaction (HTTP ${status})`;
  return { code: codeByStatus[status] ?? '207', text: where === undefined ? what : `${what} (at ${where})` };
}
