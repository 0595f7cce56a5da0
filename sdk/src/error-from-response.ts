import type { OperationOutcome } from '@medplum/fhirtypes';
import {
  FhirAuthError,
  FhirClientError,
  FhirConflictError,
  FhirGoneError,
  FhirInvalidRequestError,
  FhirNotFoundError,
  FhirPreconditionFailedError,
  FhirRateLimitError,
  FhirServerError,
} from './errors.js';

type ErrorClass = new (message: string, status: number, outcome?: OperationOutcome) => FhirClientError;

/** One table from HTTP status to error class (https://hl7.org/fhir/R4/http.html#Status). */
const BY_STATUS: Readonly<Record<number, ErrorClass>> = {
  400: FhirInvalidRequestError,
  401: FhirAuthError,
  403: FhirAuthError,
  404: FhirNotFoundError,
  409: FhirConflictError,
  410: FhirGoneError,
  412: FhirPreconditionFailedError,
  422: FhirInvalidRequestError,
  429: FhirRateLimitError,
};

/**
 * Rebuilds the typed error for a non-2xx response. The body counts as an outcome only when it
 * says it is one; anything else (an HTML proxy page, a bare JSON error) leaves `outcome` unset.
 */
export function errorFromResponse(status: number, statusText: string, body: unknown): FhirClientError {
  const outcome = isOperationOutcome(body) ? body : undefined;
  const ErrorType = BY_STATUS[status] ?? (status >= 500 ? FhirServerError : FhirClientError);
  return new ErrorType(messageOf(status, statusText, outcome), status, outcome);
}

function isOperationOutcome(body: unknown): body is OperationOutcome {
  if (typeof body !== 'object' || body === null) return false;
  const { resourceType, issue } = body as { resourceType?: unknown; issue?: unknown };
  // An "OperationOutcome" without an issue array is not one: reading it must not throw.
  return (
    resourceType === 'OperationOutcome' &&
    Array.isArray(issue) &&
    issue.every((i) => typeof i === 'object' && i !== null)
  );
}

function messageOf(status: number, statusText: string, outcome: OperationOutcome | undefined): string {
  const texts = (outcome?.issue ?? [])
    .map((issue) => issue.diagnostics ?? issue.details?.text)
    .filter((text): text is string => Boolean(text));
  return texts.length > 0 ? texts.join('; ') : `HTTP ${status} ${statusText}`.trim();
}
