import { splitCanonical } from '../definitions/canonical.js';
import { ElementTrees } from '../structure/element-trees.js';
import type { ElementNode } from '../structure/element-node.js';
import type { StructureDefinitionSource } from '../structure/structure-definition-source.js';
import type { SliceAssignment, SlicingContext } from './slicing-context.js';

/** Tests only: a slicing context over compiled definitions; what it cannot do (resolve, conform, expand) says no / unknown. */
export function slicingTestContext(
  source: StructureDefinitionSource,
  extra: Partial<SlicingContext> = {},
): SlicingContext {
  const trees = new ElementTrees(source);
  return {
    profile: (url) => trees.tree(splitCanonical(url).url),
    conformsTo: () => false,
    resolve: () => undefined,
    memberOf: () => undefined,
    ...extra,
  };
}

/** The element at JSON names under a profile's root: `element(tree, 'component', 'code')`. */
export function element(root: ElementNode | undefined, ...names: string[]): ElementNode {
  let node = root;
  for (const name of names) node = node?.children.find((child) => child.name === name);
  if (!node) throw new Error(`no element ${names.join('.')} under ${root?.path}`);
  return node;
}

/** Each item's slice name, null for none. */
export function sliceNames(assignment: SliceAssignment): (string | null)[] {
  return assignment.slices.map((slice) => slice?.sliceName ?? null);
}

/** The issues as `severity code @index` (`@-` for the element as a whole). */
export function issueSummary(assignment: SliceAssignment): string[] {
  return assignment.issues.map((i) => `${i.severity} ${i.code} @${i.index ?? '-'}`);
}
