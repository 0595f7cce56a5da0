import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/** Whether an issue refuses what it is about: an error or a fatal (operationoutcome.html); warnings do not. */
export function isError(issue: OperationOutcomeIssue): boolean {
  return issue.severity === 'error' || issue.severity === 'fatal';
}
