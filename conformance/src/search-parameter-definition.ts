import type { SearchParameter } from '@medplum/fhirtypes';

/** The R4 search parameter types (http://hl7.org/fhir/R4/search.html#ptypes). */
export type SearchParamType = NonNullable<SearchParameter['type']>;

/** One typed value a search parameter's FHIRPath expression selected from a resource. */
export interface TypedValue {
  /** The FHIR type name without namespace, e.g. "CodeableConcept", "dateTime", "Reference", "string". */
  type: string;
  /** The plain JSON value (primitives as JS primitives, complex types as objects). */
  value: unknown;
}

/**
 * A SearchParameter as the server uses it, with its FHIRPath expression compiled once for one
 * resource type (http://hl7.org/fhir/R4/searchparameter.html).
 */
export interface SearchParameterDefinition {
  url: string;
  code: string;
  type: SearchParamType;
  base: string[];
  /** The expression narrowed to the resource type this definition was compiled for. */
  expression?: string;
  target?: string[];
  multipleOr?: boolean;
  multipleAnd?: boolean;
  modifier?: string[];
  comparator?: string[];
  component?: Array<{ definition: string; expression: string }>;
  /**
   * The composite's components resolved against the parameters they name, in order; absent when
   * one of them is not in the registry (http://hl7.org/fhir/R4/search.html#composite).
   */
  components?: CompositeComponent[];
  description?: string;
  /**
   * A SearchParameter stored on this server (searchparameter.html), not an R4 base one: an
   * evaluation error of its expression is the definer's, it indexes nothing for that resource.
   */
  runtime?: true;
  /** Values the expression selects from a resource of the compiled type; [] without expression. */
  evaluate(resource: unknown): unknown[];
  /** Like `evaluate`, with the FHIR type of each value (Identifier vs ContactPoint, date vs Period…). */
  evaluateTyped(resource: unknown): TypedValue[];
}

/** One component of a composite parameter: its type and its expression relative to each element. */
export interface CompositeComponent {
  type: SearchParamType;
  /** Relative to each element, e.g. `value.ofType(Quantity)`. */
  expression: string;
  target?: string[];
  /** The component's values in one element the composite's own expression selected. */
  evaluateTyped(element: unknown, resource: unknown): TypedValue[];
}
