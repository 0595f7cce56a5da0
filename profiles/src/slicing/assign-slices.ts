import type { ElementNode, SliceNode } from '../structure/element-node.js';
import { type CompiledSlicing, compiledSlicing } from './compiled-slicing.js';
import { valueType } from './element-types.js';
import { type Selection, selectValues } from './item-values.js';
import type { DiscriminatorTest, Unknown } from './discriminator-test.js';
import { type SliceAssignment, type SlicingContext, type SlicingIssue, slicingIssue } from './slicing-context.js';
import { slicingRuleIssues } from './slicing-rules.js';

/**
 * Puts each item of a sliced element in its slice (http://hl7.org/fhir/R4/profiling.html#slicing):
 * an item is in a slice when every discriminator matches. An item that matches several slices is
 * counted in the first and warned about — the spec wants slices told apart by their discriminators,
 * so that is the profile's ambiguity, not the instance's fault. Then the rules: closed, ordered,
 * openAtEnd and each slice's min/max. `itemType` is the FHIR type of the items of a choice element
 * (`value[x]`), which only the JSON property name carries.
 */
export function assignSlices(
  items: readonly unknown[],
  sliced: ElementNode,
  context: SlicingContext,
  itemType?: string,
): SliceAssignment {
  const compiled = compiledSlicing(sliced, context);
  const slices: (SliceNode | undefined)[] = items.map(() => undefined);
  if (!compiled) return { slices, issues: [] };
  const issues: SlicingIssue[] = [...compiled.issues];
  if (!compiled.paths) return { slices, issues };
  const undetermined = new Set<number>();
  items.forEach((item, index) => {
    const matching = matchingSlices(compiled, compiled.paths ?? [], item, itemType, sliced, context);
    slices[index] = matching.slices[0];
    if (matching.slices.length > 1) {
      const names = matching.slices.map((s) => `'${s.sliceName}'`).join(', ');
      issues.push(
        slicingIssue('warning', 'structure', `Matches slices ${names} of ${sliced.path}; counted in the first`, index),
      );
    } else if (matching.slices.length === 0 && matching.unknown) {
      undetermined.add(index);
      const { code, reason } = matching.unknown;
      issues.push(slicingIssue('warning', code, `Its slice of ${sliced.path} is unknown: ${reason}`, index));
    }
  });
  issues.push(...slicingRuleIssues(compiled, sliced.path, slices, undetermined));
  return { slices, issues };
}

/** The slices every discriminator puts the item in, and why others could not be told when that is the case. */
function matchingSlices(
  compiled: CompiledSlicing,
  paths: NonNullable<CompiledSlicing['paths']>,
  item: unknown,
  itemType: string | undefined,
  sliced: ElementNode,
  context: SlicingContext,
): { slices: SliceNode[]; unknown: Unknown | undefined } {
  const start = { value: item, type: itemType ?? valueType(sliced, item), node: sliced };
  const selections = paths.map((steps) => selectValues(start, steps, context));
  const slices: SliceNode[] = [];
  let unknown: Unknown | undefined;
  for (const { slice, tests } of compiled.slices) {
    const verdict = tests && sliceVerdict(tests, selections, context);
    if (verdict === true) slices.push(slice);
    else if (verdict) unknown ??= verdict;
  }
  return { slices, unknown };
}

const UNRESOLVED: Unknown = { code: 'not-found', reason: 'a reference the discriminator follows cannot be resolved' };

/** All discriminators match (true), one does not (false), or none fails but one cannot tell. */
function sliceVerdict(
  tests: readonly DiscriminatorTest[],
  selections: readonly Selection[],
  context: SlicingContext,
): boolean | Unknown {
  let verdict: boolean | Unknown = true;
  for (let i = 0; i < tests.length; i++) {
    const test = tests[i];
    const selection = selections[i];
    if (!test || !selection) return false;
    let result = test.primitive === undefined ? test.matches(selection, context) : hasValue(selection, test.primitive);
    if (result === false && selection.unresolved) result = UNRESOLVED;
    if (result === false) return false;
    if (result !== true && verdict === true) verdict = result;
  }
  return verdict;
}

function hasValue({ values }: Selection, primitive: string | number | boolean): boolean {
  for (const { value } of values) if (value === primitive) return true;
  return false;
}
