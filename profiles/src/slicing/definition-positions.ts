import { splitCanonical } from '../definitions/canonical.js';
import type { ElementNode, SliceNode } from '../structure/element-node.js';
import type { DiscriminatorStep } from './discriminator-path.js';
import { childNamed } from './element-child.js';
import type { SlicingContext } from './slicing-context.js';

/**
 * Where one discriminator step leads in a slice's definition (http://hl7.org/fhir/R4/profiling.html#discriminator):
 * a child element; the slice of `extension` for a url (else that extension's own definition);
 * the target profiles of a Reference for `resolve()`; the type slice of a choice for `ofType()`.
 */
export function nextPositions(node: ElementNode, step: DiscriminatorStep, context: SlicingContext): ElementNode[] {
  switch (step.kind) {
    case 'child': {
      const child = childNamed(node, step.name, context);
      return child ? [child.node] : [];
    }
    case 'extension': {
      const extension = childNamed(node, 'extension', context)?.node;
      const slice = extension?.slicing?.slices.find((s) => extensionSliceUrl(s, context) === step.url);
      const definition = slice ?? context.profile(step.url);
      return definition ? [definition] : [];
    }
    case 'resolve':
      return targetProfiles(node).flatMap((url) => context.profile(url) ?? []);
    case 'ofType': {
      const slice = node.slicing?.slices.find((s) => s.types.length === 1 && s.types[0]?.code === step.type);
      return [slice ?? node];
    }
  }
}

/**
 * The url an extension slice stands for: its type profile (`Patient.extension:race`), else the
 * fixed `url` of a complex extension's part (`Extension.extension:ombCategory.url`).
 */
function extensionSliceUrl(slice: ElementNode, context: SlicingContext): string | undefined {
  const profile = slice.types.find((t) => t.profile?.length)?.profile?.[0];
  if (profile !== undefined) return splitCanonical(profile).url;
  return childNamed(slice, 'url', context)?.node.definition.fixedUri;
}

/** Every Reference target profile of an element (`Reference(Observation)` → the Observation url). */
export function targetProfiles(node: ElementNode): string[] {
  return node.types.flatMap((t) => t.targetProfile ?? []);
}

/** The slices of a sliced element that an item must fill (min ≥ 1): what they fix, the item has. */
export function requiredSlices(node: ElementNode): readonly SliceNode[] {
  return node.slicing?.slices.filter((slice) => slice.min >= 1) ?? [];
}

/** The elements a whole path leads to from a slice. */
export function endPositions(
  node: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): ElementNode[] {
  let positions = [node];
  for (const step of steps) positions = positions.flatMap((position) => nextPositions(position, step, context));
  return positions;
}
