import type { OperationOutcomeIssue, SearchParameter } from '@medplum/fhirtypes';
import { compileTerms, narrowExpression } from './fhirpath-expression.js';
import { probeResource } from './probe-resource.js';
import { R4_RESOURCE_TYPES } from './r4-resource-types.js';
import type { SearchParameterRegistry } from './search-parameter-registry.js';

/** The types a SearchParameter defined at runtime may have: those extracted by a single expression. */
const CUSTOM_TYPES = new Set(['string', 'token', 'reference', 'date', 'number', 'quantity', 'uri']);
/** A code must stay one key of the search index and one URL parameter name: no '.', ':' or '$'. */
const CODE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Why a SearchParameter cannot be added to `registry` (http://hl7.org/fhir/R4/searchparameter.html):
 * a code that is no plain name, a type other than the indexed ones, a base that is no R4 resource
 * type, an expression that does not compile, selects nothing from a base or fails on a small
 * resource of the base (an unknown function or variable, `single()` of a repeating element —
 * errors that would otherwise fail every write of that type), or a code that another
 * parameter of one of its bases already has. Empty when it can be added.
 */
export function checkSearchParameter(
  parameter: SearchParameter,
  registry: SearchParameterRegistry,
): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const fail = (expression: string, diagnostics: string): void => {
    issues.push({ severity: 'error', code: 'invalid', diagnostics, expression: [`SearchParameter.${expression}`] });
  };
  const { code, type, base = [], expression } = parameter;
  if (!CODE.test(code ?? '')) fail('code', `code "${code ?? ''}" must be letters, digits, '-' or '_'`);
  if (!CUSTOM_TYPES.has(type)) fail('type', `type ${type} is not supported for SearchParameters defined here`);
  if (!expression) fail('expression', 'an expression is needed to index the parameter');
  base.forEach((b, i) => {
    if (!R4_RESOURCE_TYPES.includes(b)) {
      fail(`base[${i}]`, `${b} is not an R4 resource type`);
      return;
    }
    const existing = registry.get(b, code);
    if (existing && existing.url !== parameter.url) {
      fail('code', `${b} already has a search parameter "${code}" (${existing.url})`);
    }
    if (expression) checkExpression(expression, b, i, fail);
  });
  return issues;
}

function checkExpression(
  expression: string,
  base: string,
  i: number,
  fail: (path: string, message: string) => void,
): void {
  const narrowed = narrowExpression(expression, base);
  if (narrowed === '') {
    fail('expression', `the expression has no path starting at ${base} (base[${i}])`);
    return;
  }
  try {
    for (const { term, evaluate } of compileTerms(narrowed)) {
      evaluate({ resourceType: base });
      evaluate(probeResource(base, term));
    }
  } catch (error) {
    fail('expression', `the expression does not evaluate: ${error instanceof Error ? error.message : String(error)}`);
  }
}
