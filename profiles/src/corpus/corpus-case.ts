import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { ProfileValidationOptions } from '../profile-validator.js';
import { issueSummary } from '../test-support/issue-summary.js';

/** One resource of `profiles/test-corpus/` (its README says how the expectations are written). */
export interface CorpusCase {
  readonly rule: string;
  readonly spec: string;
  readonly profiles?: string[];
  readonly options?: Pick<ProfileValidationOptions, 'unknownExtensions'>;
  readonly resource: unknown;
  /** Absent in `valid.json`: the resource must yield no error and no warning. */
  readonly expect?: { severity: 'error' | 'warning' | 'information'; code: string; expression?: string };
}

/** `profiles/test-corpus`, next to `src` and `dist`. */
const CORPUS = fileURLToPath(new URL('../../test-corpus/', import.meta.url));

/** The areas of the corpus (file names without `.json`), `valid` last. */
export function corpusAreas(): string[] {
  const names = readdirSync(CORPUS)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length));
  return [...names.filter((name) => name !== 'valid').sort(), 'valid'];
}

export function corpusCases(area: string): CorpusCase[] {
  return JSON.parse(readFileSync(`${CORPUS}${area}.json`, 'utf8')) as CorpusCase[];
}

/**
 * Errors and warnings only: informational issues never make or break a case, except the one a
 * case expects (a best-practice constraint, reported as information).
 */
export function errorsAndWarnings(issues: readonly OperationOutcomeIssue[], expected?: CorpusCase['expect']): string[] {
  const wanted = expected?.severity === 'information' ? expectedSummary(expected) : undefined;
  return issues
    .filter((issue) => issue.severity === 'error' || issue.severity === 'warning' || issueSummary(issue) === wanted)
    .map(issueSummary);
}

export function expectedSummary(expected: NonNullable<CorpusCase['expect']>): string {
  return `${expected.severity} ${expected.code}${expected.expression ? ` @ ${expected.expression}` : ''}`;
}
