import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/** An error about a definition or package; diagnostics name elements, urls and files, never content. */
export function error(
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
  expression?: string,
): OperationOutcomeIssue {
  return { severity: 'error', code, diagnostics, ...(expression !== undefined && { expression: [expression] }) };
}
