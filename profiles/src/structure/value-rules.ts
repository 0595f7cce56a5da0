import { equalsFixed } from '../slicing/equals-fixed.js';
import { fixedOrPattern, type FixedOrPattern } from '../slicing/fixed-or-pattern.js';
import { matchesPattern } from '../slicing/matches-pattern.js';
import type { ElementNode } from './element-node.js';
import type { ResourceFrame } from './reference-rules.js';
import type { Walk } from './walk.js';

/** An element's `fixed[x]` or `pattern[x]` value, found once per element. */
const expectations = new WeakMap<ElementNode, FixedOrPattern | null>();

/** The types a binding can apply to (http://hl7.org/fhir/R4/terminologies.html#binding). */
const CODED: ReadonlySet<string> = new Set(['code', 'Coding', 'CodeableConcept', 'Quantity', 'string', 'uri']);

/**
 * The rules on one value of an element beyond its structure: `fixed[x]` (exactly equal) and
 * `pattern[x]` (at least these properties), code `value`
 * (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.fixed_x_), and the
 * element's terminology binding, through the walk's BindingChecker (code `code-invalid`).
 */
export function checkValueRules(walk: Walk, node: ElementNode, type: string, value: unknown, path: string): void {
  const expected = expectedValue(node);
  if (expected) {
    const ok = expected.mode === 'fixed' ? equalsFixed(value, expected.value) : matchesPattern(value, expected.value);
    if (!ok) walk.error('value', mismatch(node, expected), path);
  }
  const binding = node.definition.binding;
  if (binding && walk.bindings && CODED.has(type)) {
    for (const issue of walk.bindings.checkBinding(binding, value, type, path, walk.notes)) walk.issues.push(issue);
  }
}

function expectedValue(node: ElementNode): FixedOrPattern | undefined {
  let expected = expectations.get(node);
  if (expected === undefined) {
    expected = fixedOrPattern(node.definition) ?? null;
    expectations.set(node, expected);
  }
  return expected ?? undefined;
}

/** Values of the definition may be named (they are no submitted data); objects are not spelled out. */
function mismatch(node: ElementNode, expected: FixedOrPattern): string {
  const what = typeof expected.value === 'object' ? '' : ` ${JSON.stringify(expected.value)}`;
  const verb = expected.mode === 'fixed' ? 'be exactly' : 'match';
  return `${node.path} must ${verb} the ${expected.mode} value${what} of its definition`;
}

/**
 * The constraints of an element on one of its values (http://hl7.org/fhir/R4/conformance-rules.html#constraints),
 * through the walk's InvariantChecker; `%resource` and `%rootResource` from the frame, `resolve()`
 * to contained resources and Bundle entries.
 */
export function checkInvariants(
  walk: Walk,
  constraints: ElementNode['constraints'],
  value: unknown,
  path: string,
  elementPath: string,
  type: string,
  frame: ResourceFrame,
): void {
  if (!walk.invariants || constraints.length === 0) return;
  const at = {
    resource: frame.resource,
    rootResource: frame.rootResource,
    path,
    elementPath,
    type,
    resolve: frame.resolve,
  };
  for (const issue of walk.invariants.check(constraints, value, at)) walk.issues.push(issue);
}
