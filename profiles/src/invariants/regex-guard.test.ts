import type { ElementDefinitionConstraint } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { InvariantChecker } from './invariant-checker.js';
import { backtracksCatastrophically } from './regex-guard.js';

const checker = new InvariantChecker();
const patient = (family: string) => ({ resourceType: 'Patient', name: [{ family }] });
const at = (resource: object) => ({ resource, rootResource: resource, path: 'Patient', elementPath: 'Patient' });
const constraint = (expression: string): ElementDefinitionConstraint => ({
  key: 'x-1',
  severity: 'error',
  human: 'family is made of a',
  expression,
});

describe('fhirpath.html#functions — matches() of a posted constraint cannot hang validation', () => {
  it('a pattern that backtracks catastrophically is not run: one warning "not checked", at once', () => {
    const resource = patient(`${'a'.repeat(5_000)}b`);
    const issues = checker.check([constraint("name.family.matches('^(a+)+$')")], resource, at(resource));
    expect(issues.map((i) => [i.severity, i.code, i.diagnostics?.split(',')[0]])).to.deep.equal([
      ['warning', 'invariant', 'x-1: not checked'],
    ]);
  });

  it('safe patterns are still judged, matchesFull and replaceMatches too', () => {
    const ok = patient('aaa');
    const bad = patient('aab');
    for (const expression of [
      "name.family.matches('^a+$')",
      "name.family.matchesFull('a{1,5}')",
      "name.family.replaceMatches('a', '') = ''",
    ]) {
      expect(checker.check([constraint(expression)], ok, at(ok)), expression).to.deep.equal([]);
      expect(checker.check([constraint(expression)], bad, at(bad)).map((i) => i.severity)).to.deep.equal(['error']);
    }
  });

  it('star height above one is what is refused (nested quantifiers), escapes and classes read as such', () => {
    for (const risky of ['^(a+)+$', '(\\d*x)*', '((ab)+c)*', '(a{2,})+', '([a-z]+\\.)+com', '(?:\\d+)+']) {
      expect(backtracksCatastrophically(risky), risky).to.equal(true);
    }
    for (const safe of [
      '^[A-Za-z0-9\\-\\.]{1,64}$',
      '[A-Z]([A-Za-z0-9_]){0,254}',
      '(a|b)+',
      '\\(a+\\)+',
      '[(a+)]+',
      '(ab)?c+',
      '[A-Za-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*(\\[x])?)*',
    ]) {
      expect(backtracksCatastrophically(safe), safe).to.equal(false);
    }
  });
});
