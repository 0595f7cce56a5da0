import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { dedupeAndCap } from './issue-list.js';

const issue = (code: OperationOutcomeIssue['code'], expression: string, diagnostics = 'd'): OperationOutcomeIssue => ({
  severity: 'error',
  code,
  diagnostics,
  expression: [expression],
});

describe('dedupeAndCap', function () {
  it('keeps one issue per code and location, in order', function () {
    const issues = [
      issue('structure', 'Patient.a', 'one'),
      issue('structure', 'Patient.a', 'two'),
      issue('value', 'Patient.a'),
    ];
    expect(dedupeAndCap(issues, 10)).to.deep.equal([
      issue('structure', 'Patient.a', 'one'),
      issue('value', 'Patient.a'),
    ]);
  });

  it('adds no note when nothing was suppressed', function () {
    expect(dedupeAndCap([issue('value', 'Patient.b')], 1)).to.have.length(1);
  });

  it('counts what is past the cap in one informational issue', function () {
    const issues = Array.from({ length: 5 }, (_, i) => issue('structure', `Patient.x${i}`));
    const kept = dedupeAndCap([...issues, issues[0] as OperationOutcomeIssue], 3);
    expect(kept.slice(0, 3)).to.deep.equal(issues.slice(0, 3));
    expect(kept[3]).to.deep.equal({
      severity: 'information',
      code: 'informational',
      diagnostics: '2 further issue(s) suppressed; the first 3 are listed',
    });
  });
});
