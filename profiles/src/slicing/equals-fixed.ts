import { isJsonObject } from '../schema/is-json-object.js';

/**
 * True when `value` is exactly `fixed` (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.fixed_x_):
 * "all values must be an exact match … Missing elements/attributes must also be missing" — so objects
 * have the same properties, arrays the same items in the same order, primitives are `===`.
 */
export function equalsFixed(value: unknown, fixed: unknown): boolean {
  if (value === fixed) return true;
  if (Array.isArray(fixed)) {
    return (
      Array.isArray(value) && value.length === fixed.length && fixed.every((item, i) => equalsFixed(value[i], item))
    );
  }
  if (!isJsonObject(fixed) || !isJsonObject(value)) return false;
  const keys = Object.keys(fixed);
  return Object.keys(value).length === keys.length && keys.every((key) => equalsFixed(value[key], fixed[key]));
}
