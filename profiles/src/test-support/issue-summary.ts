import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/** `error code @ expression`, the form the validator tests compare. */
export function issueSummary(issue: OperationOutcomeIssue): string {
  return `${issue.severity} ${issue.code}${issue.expression ? ` @ ${issue.expression.join(',')}` : ''}`;
}
