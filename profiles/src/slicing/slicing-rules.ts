import type { SliceNode } from '../structure/element-node.js';
import type { CompiledSlicing } from './compiled-slicing.js';
import { type SlicingIssue, slicingIssue } from './slicing-context.js';

/**
 * The slicing rules over an assignment (http://hl7.org/fhir/R4/profiling.html#slicing):
 * `closed` — every item in a slice; `ordered` — items in the slices' order; `openAtEnd` — items in
 * no slice only after the sliced ones; each slice's min (`required`) and max (`structure`).
 * Items whose slice could not be determined (`undetermined`) are left out of closed/order checks,
 * and while there are any, no slice is said to have too few; nor is an item in no slice against
 * `closed` while some slice cannot be checked (its discriminator has nothing to compare).
 */
export function slicingRuleIssues(
  compiled: CompiledSlicing,
  path: string,
  slices: readonly (SliceNode | undefined)[],
  undetermined: ReadonlySet<number>,
): SlicingIssue[] {
  const issues: SlicingIssue[] = [];
  const { rules } = compiled;
  const closed = rules.rules === 'closed' && compiled.slices.every((s) => s.tests);
  if (closed || rules.ordered || rules.rules === 'openAtEnd')
    issues.push(...orderIssues(compiled, path, slices, undetermined, closed));
  const indexes = new Map<SliceNode, number[]>();
  slices.forEach((slice, index) => {
    if (!slice) return;
    const list = indexes.get(slice);
    if (list) list.push(index);
    else indexes.set(slice, [index]);
  });
  for (const { slice, tests } of compiled.slices) {
    if (tests) issues.push(...cardinalityIssues(slice, path, indexes.get(slice) ?? [], undetermined.size > 0));
  }
  return issues;
}

/** closed, ordered and openAtEnd over the items whose slice is known. */
function orderIssues(
  compiled: CompiledSlicing,
  path: string,
  slices: readonly (SliceNode | undefined)[],
  undetermined: ReadonlySet<number>,
  closed: boolean,
): SlicingIssue[] {
  const issues: SlicingIssue[] = [];
  const { rules } = compiled;
  let highest = -1;
  let unsliced: number | undefined;
  slices.forEach((slice, index) => {
    if (undetermined.has(index)) return;
    if (!slice) {
      if (closed)
        issues.push(slicingIssue('error', 'structure', `Matches no slice of ${path} (slicing is closed)`, index));
      unsliced ??= index;
      return;
    }
    const position = compiled.slices.findIndex((s) => s.slice === slice);
    if (rules.ordered && position < highest) {
      const before = compiled.slices[highest]?.slice.sliceName;
      issues.push(
        slicingIssue(
          'error',
          'structure',
          `Slice '${slice.sliceName}' of ${path} must come before slice '${before}' (slicing is ordered)`,
          index,
        ),
      );
    }
    if (rules.rules === 'openAtEnd' && unsliced !== undefined) {
      issues.push(
        slicingIssue(
          'error',
          'structure',
          `Slice '${slice.sliceName}' of ${path} must come before the items in no slice (slicing is openAtEnd)`,
          index,
        ),
      );
    }
    highest = Math.max(highest, position);
  });
  return issues;
}

/**
 * A slice's min and max against the indexes of the items in it; both are said at the sliced element,
 * as an element's own cardinality is (one convention for every count).
 */
function cardinalityIssues(
  slice: SliceNode,
  path: string,
  indexes: readonly number[],
  uncertain: boolean,
): SlicingIssue[] {
  if (indexes.length < slice.min && !uncertain) {
    const diagnostics = `Slice '${slice.sliceName}' of ${path} needs at least ${slice.min} item(s), found ${indexes.length}`;
    return [slicingIssue('error', 'required', diagnostics)];
  }
  if (indexes.length <= slice.max) return [];
  const diagnostics = `Slice '${slice.sliceName}' of ${path} allows at most ${slice.max} item(s), found ${indexes.length}`;
  return [slicingIssue('error', 'structure', diagnostics)];
}
