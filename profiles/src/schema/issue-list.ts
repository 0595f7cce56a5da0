import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

const SEVERITY_ORDER: Readonly<Record<OperationOutcomeIssue['severity'], number>> = {
  fatal: 0,
  error: 1,
  warning: 2,
  information: 3,
};

/**
 * Keeps one issue per code and location (a string where `_birthDate` belongs breaks two `type`
 * rules, one fact for the client), the most severe of them: a profile's required binding (error)
 * and the base's extensible one (warning) on one code say `code-invalid` there once, as the error
 * (terminologies.html#strength). Errors come first and at most `max` issues are listed, plus one
 * informational issue that says how many more were found: a badly broken Bundle should not produce
 * a response larger than itself, and a cap must never cut an error off behind warnings. Linear
 * in the issues (one Map), then a stable sort by severity.
 */
export function dedupeAndCap(issues: readonly OperationOutcomeIssue[], max: number): OperationOutcomeIssue[] {
  const at = new Map<string, number>();
  const unique: OperationOutcomeIssue[] = [];
  let sorted = true;
  for (const issue of issues) {
    const key = `${issue.code}\u0000${issue.expression?.join(',') ?? ''}`;
    const i = at.get(key);
    if (i === undefined) {
      const last = unique[unique.length - 1];
      if (last && rank(issue) < rank(last)) sorted = false;
      at.set(key, unique.push(issue) - 1);
    } else if (rank(issue) < rank(unique[i] ?? issue)) {
      unique[i] = issue;
      sorted = false;
    }
  }
  if (!sorted) unique.sort((a, b) => rank(a) - rank(b));
  if (unique.length <= max) return unique;
  const kept = unique.slice(0, max);
  kept.push({
    severity: 'information',
    code: 'informational',
    diagnostics: `${unique.length - max} further issue(s) suppressed; the first ${max} are listed`,
  });
  return kept;
}

function rank(issue: OperationOutcomeIssue): number {
  return SEVERITY_ORDER[issue.severity];
}
