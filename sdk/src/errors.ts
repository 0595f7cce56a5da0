import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Any failure of a FHIR request. A server reports failures as an OperationOutcome in the body
 * (https://hl7.org/fhir/R4/http.html#Status); when it did, `outcome` holds it and the message is
 * built from its issues. `status` is the HTTP status, or 0 when no response arrived.
 */
export class FhirClientError extends Error {
  override name = 'FhirClientError';

  constructor(
    message: string,
    readonly status: number,
    readonly outcome?: OperationOutcome,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The outcome's issues, or none when the server sent no OperationOutcome. */
  get issues(): OperationOutcomeIssue[] {
    return this.outcome?.issue ?? [];
  }
}

/** 400 Bad Request or 422 Unprocessable Entity: the request or the resource is invalid. */
export class FhirInvalidRequestError extends FhirClientError {
  override name = 'FhirInvalidRequestError';
}

/** 401 or 403: missing, expired or insufficient credentials. */
export class FhirAuthError extends FhirClientError {
  override name = 'FhirAuthError';
}

/** 404 Not Found: unknown resource type or id (https://hl7.org/fhir/R4/http.html#read). */
export class FhirNotFoundError extends FhirClientError {
  override name = 'FhirNotFoundError';
}

/** 409 Conflict, e.g. a version conflict on update (https://hl7.org/fhir/R4/http.html#concurrency). */
export class FhirConflictError extends FhirClientError {
  override name = 'FhirConflictError';
}

/** 410 Gone: the resource was deleted (https://hl7.org/fhir/R4/http.html#read). */
export class FhirGoneError extends FhirClientError {
  override name = 'FhirGoneError';
}

/** 412 Precondition Failed: `If-Match` did not match, or a conditional interaction matched more than one. */
export class FhirPreconditionFailedError extends FhirClientError {
  override name = 'FhirPreconditionFailedError';
}

/** 429 Too Many Requests, after the client's retries were spent. */
export class FhirRateLimitError extends FhirClientError {
  override name = 'FhirRateLimitError';
}

/** Any 5xx status. */
export class FhirServerError extends FhirClientError {
  override name = 'FhirServerError';
}

/** No HTTP response: the network failed or the request timed out (status 0). */
export class FhirConnectionError extends FhirClientError {
  override name = 'FhirConnectionError';
}

/**
 * The authorization server refused a token request with an OAuth error (RFC 6749 §5.2), e.g.
 * `invalid_client` or `invalid_scope`. `status` is the token endpoint's HTTP status.
 */
export class FhirOAuthError extends FhirAuthError {
  override name = 'FhirOAuthError';

  constructor(
    message: string,
    status: number,
    /** The `error` code of the answer. */
    readonly oauthError: string,
    /** The `error_description`, when the server gave one (anything token-shaped removed). */
    readonly description?: string,
  ) {
    super(message, status);
  }
}
