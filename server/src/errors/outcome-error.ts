import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** The R4 issue-type codes the server raises (http://hl7.org/fhir/R4/valueset-issue-type.html). */
export type IssueCode = OperationOutcomeIssue['code'];

/**
 * The one error type of the FHIR engine. Code throws it with an issue code and, where it helps,
 * an `expression` path; only `middleware/error` turns it into a response, with the status from
 * `statusForIssue` unless an explicit status is given (e.g. 412 for a stale If-Match).
 */
export class OperationOutcomeError extends Error {
  readonly outcome: OperationOutcome;
  readonly status: number;

  constructor(issues: OperationOutcomeIssue[], status?: number) {
    super(issues.map((i) => i.diagnostics ?? i.code).join('; '));
    this.name = 'OperationOutcomeError';
    this.outcome = { resourceType: 'OperationOutcome', issue: issues };
    this.status = status ?? statusForIssue(issues[0]?.code ?? 'exception');
  }

  /** Shorthand for a single error issue. */
  static of(code: IssueCode, diagnostics: string, expression?: string, status?: number): OperationOutcomeError {
    const issue: OperationOutcomeIssue = { severity: 'error', code, diagnostics };
    if (expression !== undefined) issue.expression = [expression];
    return new OperationOutcomeError([issue], status);
  }
}

/** The one table from issue code to HTTP status (http://hl7.org/fhir/R4/http.html#ops). */
const STATUS_BY_ISSUE: Partial<Record<IssueCode, number>> = {
  invalid: 400,
  structure: 400,
  required: 400,
  value: 400,
  invariant: 400,
  processing: 422,
  'business-rule': 422,
  security: 403,
  login: 401,
  unknown: 401,
  forbidden: 403,
  suppressed: 403,
  'not-found': 404,
  deleted: 410,
  'not-supported': 400,
  duplicate: 409,
  conflict: 409,
  'multiple-matches': 412,
  'too-long': 413,
  // A search past the store's time limit: the request is valid but will not be run at that cost,
  // and resending it unchanged fails again, so not 503 (`transient`/`timeout` invite a retry)
  // nor 500 (nothing broke); 422 tells the client to narrow it.
  'too-costly': 422,
  throttled: 429,
  timeout: 503,
  transient: 503,
  'lock-error': 409,
  incomplete: 400,
  exception: 500,
};

export function statusForIssue(code: IssueCode): number {
  return STATUS_BY_ISSUE[code] ?? 500;
}
