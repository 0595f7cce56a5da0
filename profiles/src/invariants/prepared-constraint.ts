import type { ElementDefinitionConstraint } from '@medplum/fhirtypes';
import type { ConstraintEvaluator } from './constraint-evaluator.js';
import { effectiveExpression, skippedWhere } from './constraint-exceptions.js';
import { compileExistenceLogic, type LogicVerdict } from './existence-logic.js';
import { nativeCheck, type NativeCheck } from './native-constraints.js';

/** A constraint with everything that does not depend on the node worked out once. */
export interface PreparedConstraint {
  readonly key: string;
  readonly severity: 'error' | 'warning' | 'information';
  /** `key: human`, the diagnostics. */
  readonly diagnostics: string;
  readonly skip: 'always' | 'in-contained' | undefined;
  /** The FHIRPath expression evaluated: the correction of a known-wrong one, else the constraint's. */
  readonly evaluated: string;
  /** The native evaluation of the spec's exact expression, if there is one. */
  readonly native: NativeCheck | undefined;
  /** The existence-logic evaluation of `evaluated`, if its shape allows one. */
  readonly logic: LogicVerdict | undefined;
  /** fhirpath.js's compilation of `evaluated` by evaluation base, filled by compiledConstraint. */
  readonly evaluators: Map<string | undefined, ConstraintEvaluator>;
}

/** By constraint object (the definitions' own objects recur on every validation). */
const byObject = new WeakMap<ElementDefinitionConstraint, PreparedConstraint | null>();
/** By content, so equal constraints in different snapshots are one (and are checked once per node). */
const byContent = new Map<string, PreparedConstraint>();
const MAX_BY_CONTENT = 20_000;

function build(key: string, expression: string, constraint: ElementDefinitionConstraint): PreparedConstraint {
  const evaluated = effectiveExpression(key, expression);
  return {
    key,
    severity: severityOf(constraint),
    diagnostics: `${key}: ${constraint.human ?? expression}`,
    skip: skippedWhere(key, expression),
    evaluated,
    native: nativeCheck(expression),
    logic: compileExistenceLogic(evaluated),
    evaluators: new Map(),
  };
}

const BEST_PRACTICE = 'http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice';

/**
 * A best-practice constraint (http://hl7.org/fhir/R4/extension-elementdefinition-bestpractice.html,
 * e.g. dom-6 "A resource should have narrative") is advice, not a rule of the resource: the HL7
 * validator reports it at a configurable level; here it is always `information`, so it never turns
 * a write's outcome into a warning. Other constraints keep their own severity.
 */
function severityOf(constraint: ElementDefinitionConstraint): PreparedConstraint['severity'] {
  const bestPractice = constraint.extension?.some((ext) => ext.url === BEST_PRACTICE && ext.valueBoolean === true);
  if (bestPractice) return 'information';
  return constraint.severity === 'warning' ? 'warning' : 'error';
}

/** The prepared form of a constraint; undefined for one without a key or an expression. */
export function prepared(constraint: ElementDefinitionConstraint): PreparedConstraint | undefined {
  let found = byObject.get(constraint);
  if (found !== undefined) return found ?? undefined;
  const { key, expression } = constraint;
  if (key === undefined || expression === undefined) {
    byObject.set(constraint, null);
    return undefined;
  }
  const content = [key, expression, severityOf(constraint), constraint.human].join('\u0000');
  found = byContent.get(content);
  if (found === undefined) {
    if (byContent.size >= MAX_BY_CONTENT) byContent.clear();
    found = build(key, expression, constraint);
    byContent.set(content, found);
  }
  byObject.set(constraint, found);
  return found;
}
