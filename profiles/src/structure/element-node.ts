import type {
  ElementDefinition,
  ElementDefinitionConstraint,
  ElementDefinitionSlicing,
  ElementDefinitionType,
} from '@medplum/fhirtypes';

/**
 * One element of a StructureDefinition snapshot, compiled once into a tree the validator walks
 * (http://hl7.org/fhir/R4/elementdefinition.html). Paths and names are the definition's; the
 * JSON property of a choice element is `name` + the type's code with its first letter upper-cased
 * (`value[x]` → `valueQuantity`, http://hl7.org/fhir/R4/formats.html#choice).
 */
export interface ElementNode {
  /** `ElementDefinition.path`, e.g. `Observation.value[x]`, `Patient.name.given`. */
  readonly path: string;
  /** The last path segment without `[x]`: the JSON property name (or its choice stem). */
  readonly name: string;
  /** True for `[x]` elements: the JSON property is `name` + a type suffix. */
  readonly choice: boolean;
  readonly min: number;
  /** `Infinity` for `*`. */
  readonly max: number;
  /** The allowed types (for a `contentReference`, the referenced element's). */
  readonly types: readonly ElementDefinitionType[];
  /** The snapshot element itself (fixed[x], pattern[x], binding, mustSupport, …). */
  readonly definition: ElementDefinition;
  /** Its constraints, ele-1 included as the snapshot lists them. */
  readonly constraints: readonly ElementDefinitionConstraint[];
  /** Direct children in snapshot order, slices excluded. */
  readonly children: readonly ElementNode[];
  /** Present when the snapshot slices this element: the rules and the slices in order. */
  readonly slicing?: { readonly rules: ElementDefinitionSlicing; readonly slices: readonly SliceNode[] };
}

/** A slice (`ElementDefinition.sliceName`) of a sliced element; its own children in its subtree. */
export interface SliceNode extends ElementNode {
  readonly sliceName: string;
}
