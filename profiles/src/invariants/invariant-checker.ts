import type { ElementDefinitionConstraint, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { compiledConstraint, evaluationBase } from './compiled-constraint.js';
import { EvaluationBudgetExceeded } from './evaluation-budget.js';
import type { InvariantContext } from './invariant-context.js';
import { modelPath } from './model-paths.js';
import { prepared, type PreparedConstraint } from './prepared-constraint.js';

export interface InvariantCheckerOptions {
  /** Use the native fast paths (default true); false evaluates everything with fhirpath.js. */
  readonly native?: boolean;
}

/**
 * Evaluates the FHIRPath constraints of an element on one JSON node
 * (http://hl7.org/fhir/R4/conformance-rules.html#constraints): a violated constraint is an issue
 * with the constraint's severity, code `invariant`, diagnostics `key: human`, expression `[path]`.
 * A constraint that cannot be evaluated (engine error, budget exceeded) is one `warning` naming
 * its key, never an error. Diagnostics never carry the engine's message, which may quote values.
 */
export class InvariantChecker {
  private readonly native: boolean;

  constructor(options: InvariantCheckerOptions = {}) {
    this.native = options.native ?? true;
  }

  check(
    constraints: readonly ElementDefinitionConstraint[],
    node: unknown,
    at: InvariantContext,
  ): OperationOutcomeIssue[] {
    const issues: OperationOutcomeIssue[] = [];
    if (node === undefined || node === null) return issues; // nothing there to hold against
    // An element's snapshot and its type's both list ext-1, …: each is checked once per node.
    const done: PreparedConstraint[] = [];
    const inContained = at.resource !== at.rootResource;
    for (const constraint of constraints) {
      const rule = prepared(constraint);
      if (!rule || rule.skip === 'always' || (rule.skip === 'in-contained' && inContained)) continue;
      if (done.includes(rule)) continue;
      done.push(rule);
      const issue = this.checkOne(rule, node, at);
      if (issue) issues.push(issue);
    }
    return issues;
  }

  private checkOne(rule: PreparedConstraint, node: unknown, at: InvariantContext): OperationOutcomeIssue | undefined {
    let holds: boolean;
    try {
      holds = this.holds(rule, node, at);
    } catch (error) {
      const why =
        error instanceof EvaluationBudgetExceeded ? 'it exceeded the evaluation budget' : 'the FHIRPath engine failed';
      return {
        severity: 'warning',
        code: 'invariant',
        diagnostics: `${rule.key}: not checked, ${why} on this element`,
        expression: [at.path],
      };
    }
    if (holds) return undefined;
    return { severity: rule.severity, code: 'invariant', diagnostics: rule.diagnostics, expression: [at.path] };
  }

  /** The native verdict, else the existence-logic one, else fhirpath.js's. */
  private holds(rule: PreparedConstraint, node: unknown, at: InvariantContext): boolean {
    if (this.native) {
      const native = rule.native?.(node, at);
      if (native !== undefined) return native;
    }
    const base = evaluationBase(node, at);
    if (this.native && rule.logic) {
      const path = base === undefined ? (node as { resourceType: string }).resourceType : modelPath(base);
      const logical = rule.logic(node, path);
      if (logical !== undefined) return logical;
    }
    return compiledConstraint(rule, base)(node, at);
  }
}
