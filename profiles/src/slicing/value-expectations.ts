import { splitCanonical } from '../definitions/canonical.js';
import { isJsonObject } from '../schema/is-json-object.js';
import type { ElementNode } from '../structure/element-node.js';
import { nextPositions, requiredSlices } from './definition-positions.js';
import type { DiscriminatorStep } from './discriminator-path.js';
import { fixedOrPattern } from './fixed-or-pattern.js';
import type { SlicingContext } from './slicing-context.js';

/** A value an item must have on the discriminator path: exactly (fixed[x]), following it (pattern[x]) or in a ValueSet. */
export type ExpectedValue =
  | { readonly mode: 'fixed' | 'pattern'; readonly value: unknown }
  | { readonly mode: 'valueSet'; readonly valueSet: string };

/**
 * What a slice fixes on a `value`/`pattern` discriminator path (http://hl7.org/fhir/R4/profiling.html#discriminator):
 * the fixed[x]/pattern[x] of the element at the path, or of an element on the way (projected down
 * the rest of the path: `patternCodeableConcept` → its `coding.code`), or of the required slices of
 * a sliced element on the way (bp's `component:SystolicBP.code.coding:SBPCode.code`). An Extension
 * slice's `url` is its profile's url. Without any of those, a required binding of the element at
 * the path (US Core 5+ `category:us-core`, "Required Bindings When Slicing by Value Sets").
 */
export function valueExpectations(
  node: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): ExpectedValue[] {
  const own = fixedOrPattern(node.definition);
  if (own) return project(own.value, steps).map((value) => ({ mode: own.mode, value }));
  const { binding } = node.definition;
  if (steps.length === 0 && binding?.strength === 'required' && binding.valueSet) {
    return [{ mode: 'valueSet', valueSet: binding.valueSet }];
  }
  const [step, ...rest] = steps;
  const below = step
    ? nextPositions(node, step, context).flatMap((next) => valueExpectations(next, rest, context))
    : [];
  const viaSlices = requiredSlices(node).flatMap((slice) => valueExpectations(slice, steps, context));
  const found = [...below, ...viaSlices];
  if (found.length === 0 && step?.kind === 'child' && step.name === 'url' && rest.length === 0) {
    const url = extensionProfile(node);
    if (url) return [{ mode: 'fixed', value: url }];
  }
  return found;
}

/** The values at `steps` inside a fixed or pattern value (only element names and `extension('url')` go through JSON). */
function project(value: unknown, steps: readonly DiscriminatorStep[]): unknown[] {
  let values = [value];
  for (const step of steps) {
    if (step.kind !== 'child' && step.kind !== 'extension') return [];
    values = values.flatMap((v) => {
      if (!isJsonObject(v)) return [];
      const next = v[step.kind === 'child' ? step.name : 'extension'];
      const items = Array.isArray(next) ? next : next === undefined ? [] : [next];
      return step.kind === 'child' ? items : items.filter((e) => isJsonObject(e) && e.url === step.url);
    });
  }
  return values;
}

/** The canonical url (without `|version`) of an Extension slice's only profile. */
function extensionProfile(node: ElementNode): string | undefined {
  const [type, ...others] = node.types;
  const profile = type && others.length === 0 && type.code === 'Extension' ? type.profile : undefined;
  const [only] = profile?.length === 1 ? profile : [];
  return only === undefined ? undefined : splitCanonical(only).url;
}
