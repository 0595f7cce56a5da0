/**
 * Where a node sits, for evaluating the constraints on it
 * (http://hl7.org/fhir/R4/conformance-rules.html#constraints).
 *
 * FHIRPath variables (http://hl7.org/fhir/R4/fhirpath.html#variables): `%resource` is the resource
 * the node belongs to, never past it into a Bundle; `%rootResource` is the resource that contains
 * `%resource` when that one is a contained resource, else `%resource` itself. A Bundle entry's
 * resource is its own `%resource` and `%rootResource`; the Bundle is reached only through `resolve`.
 * `%context` is the node itself, `%ucum` is `http://unitsofmeasure.org`.
 *
 * The node is the element's JSON value: an object, or a primitive's value; for a primitive that
 * has only an extension (`_birthDate` without `birthDate`), its `_birthDate` object.
 */
export interface InvariantContext {
  /** The nearest resource: `%resource`. */
  readonly resource: object;
  /** The container of a contained resource, else `resource`: `%rootResource`. */
  readonly rootResource: object;
  /** FHIRPath of the node with indexes (`Patient.contact[0]`): the expression. */
  readonly path: string;
  /** The definition path of the node (`Patient.contact`, `Observation.value[x]`). */
  readonly elementPath: string;
  /** The node's FHIR type (`Quantity`, `Extension`), so a datatype node is evaluated typed. */
  readonly type?: string;
  /**
   * Resolves a literal reference for FHIRPath `resolve()` (Bundle entries by fullUrl, …). Without
   * one, or when it answers undefined, `#id` references resolve to `rootResource.contained` and
   * `#` to `rootResource` (http://hl7.org/fhir/R4/references.html#contained).
   */
  readonly resolve?: (reference: string) => unknown;
}
