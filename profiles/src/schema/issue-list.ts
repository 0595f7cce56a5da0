import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Keeps one issue per code and location (a string where `_birthDate` belongs breaks two `type`
 * rules, one fact for the client) and at most `max` in all, adding one informational issue that says how many
 * more were found: a badly broken Bundle should not produce a response larger than itself.
 */
export function dedupeAndCap(issues: readonly OperationOutcomeIssue[], max: number): OperationOutcomeIssue[] {
  const seen = new Set<string>();
  const kept: OperationOutcomeIssue[] = [];
  let suppressed = 0;
  for (const issue of issues) {
    const key = `${issue.code}\u0000${issue.expression?.join(',') ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kept.length < max) kept.push(issue);
    else suppressed += 1;
  }
  if (suppressed > 0) {
    kept.push({
      severity: 'information',
      code: 'informational',
      diagnostics: `${suppressed} further issue(s) suppressed; the first ${max} are listed`,
    });
  }
  return kept;
}
