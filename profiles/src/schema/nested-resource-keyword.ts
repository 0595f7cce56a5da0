import type { ErrorObject, FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';

/** The keyword that stands in for `ResourceList` wherever R4 nests a whole resource. */
export const NESTED_RESOURCE_KEYWORD = 'fhirNestedResource';

/** Checks one resource found at `instancePath`; returns ajv errors with absolute instance paths. */
export type ResourceCheck = (data: unknown, instancePath: string) => ErrorObject[];

/**
 * An ajv keyword that validates a nested resource (https://hl7.org/fhir/R4/references.html#contained,
 * https://hl7.org/fhir/R4/bundle.html) by the schema of its own `resourceType`, through `check`.
 * The errors carry their full instance path, so ajv keeps them as they are.
 */
export function nestedResourceKeyword(check: ResourceCheck): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (_schema, data, _parentSchema, dataCxt) => {
    const errors = check(data, dataCxt?.instancePath ?? '');
    // Set after `check` returns: a nested check may run this same function for a deeper resource.
    validate.errors = errors;
    return errors.length === 0;
  };
  return { keyword: NESTED_RESOURCE_KEYWORD, schemaType: 'boolean', errors: true, validate };
}
