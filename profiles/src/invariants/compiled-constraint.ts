import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { ConstraintEvaluator } from './constraint-evaluator.js';
import { spendStep, startBudget } from './evaluation-budget.js';
import type { InvariantContext } from './invariant-context.js';
import { CONTEXT_VARIABLE, resolveFunction } from './local-resolve.js';
import type { PreparedConstraint } from './prepared-constraint.js';
import { guardedRegexFunctions } from './regex-guard.js';

const OPTIONS = {
  // Only the boolean verdict is read: converting results back to plain JSON costs half the time.
  resolveInternalTypes: false,
  // matches() cannot be interrupted: patterns that backtrack catastrophically are refused there.
  userInvocationTable: { resolve: resolveFunction, ...guardedRegexFunctions },
  debugger: spendStep,
  // trace() (dom-3, ref-1, …) would print values, PHI, to the console.
  traceFn: () => undefined,
} as const;

/** Types whose elements are typed by their definition path, not by the type name. */
const ABSTRACT_TYPES = new Set(['Element', 'BackboneElement']);

/**
 * The FHIRPath base the node is evaluated against: none for a resource (fhirpath.js types it from
 * `resourceType`), the node's type for a datatype node (so `Observation.value[x]` as a Quantity
 * knows its children's types), else the element's definition path without `[x]`.
 */
export function evaluationBase(node: unknown, at: InvariantContext): string | undefined {
  if (isResource(node)) return undefined;
  if (at.type !== undefined && !ABSTRACT_TYPES.has(at.type)) return at.type;
  return at.elementPath.includes('[x]') ? at.elementPath.replace(/\[x\]/g, '') : at.elementPath;
}

export function isResource(node: unknown): node is { resourceType: string } {
  return (
    typeof node === 'object' && node !== null && typeof (node as { resourceType?: unknown }).resourceType === 'string'
  );
}

/**
 * An invariant's verdict from its FHIRPath result (http://hl7.org/fhir/R4/fhirpath.html#invariants):
 * violated only by `false`. An empty result means the expression found nothing to hold against
 * (`name.matches(…)` on a resource without a name) and is taken as met; a single non-boolean
 * value is true by FHIRPath's singleton evaluation of collections; several values are an error.
 */
function verdict(result: readonly unknown[]): boolean {
  if (result.length === 0) return true;
  if (result.length > 1) throw new Error(`the expression returned ${result.length} values, not one boolean`);
  const [value] = result;
  // A boolean element of the node (`active`) comes back as fhirpath.js's node, not as `false`.
  return (typeof value === 'boolean' ? value : (fhirpath.resolveInternalTypes([value]) as unknown[])[0]) !== false;
}

/**
 * A JSON number as fhirpath.js's decimal: given as the base node, a plain number makes fhirpath.js
 * 5.2 throw (`ctx.getDecimal is not a function`: the root node is built before that is set).
 */
function asFhirPathInput(node: unknown): unknown {
  return typeof node === 'number' ? fhirpath.FP_Decimal.getDecimal(node) : node;
}

function compile(expression: string, base: string | undefined): ConstraintEvaluator {
  try {
    const evaluate = fhirpath.compile(base === undefined ? expression : { base, expression }, r4, OPTIONS);
    return (node, at) => {
      startBudget();
      const vars = { resource: at.resource, rootResource: at.rootResource, [CONTEXT_VARIABLE]: at };
      return verdict(evaluate(asFhirPathInput(node), vars) as unknown[]);
    };
  } catch (error) {
    // A syntax error (or an unknown base): every evaluation reports it, without parsing again.
    const reason = error instanceof Error ? error.message : String(error);
    return () => {
      throw new Error(`the expression does not compile: ${reason}`);
    };
  }
}

/** Compiled once per (expression, base); the cache is dropped whole past this many entries. */
const MAX_CACHED = 20_000;
const cache = new Map<string, ConstraintEvaluator>();

/**
 * The evaluator of a prepared constraint on a base: found in the constraint's own map (no key
 * built per evaluation), else shared with equal expressions of other constraints through `cache`.
 */
export function compiledConstraint(rule: PreparedConstraint, base: string | undefined): ConstraintEvaluator {
  let evaluator = rule.evaluators.get(base);
  if (evaluator === undefined) {
    const key = `${base ?? ''}\u0000${rule.evaluated}`;
    evaluator = cache.get(key);
    if (evaluator === undefined) {
      if (cache.size >= MAX_CACHED) cache.clear();
      evaluator = compile(rule.evaluated, base);
      cache.set(key, evaluator);
    }
    rule.evaluators.set(base, evaluator);
  }
  return evaluator;
}
