import { isJsonObject } from '../schema/is-json-object.js';

/**
 * True when `value` follows `pattern` (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.pattern_x_):
 * a primitive must be equal; every property of a pattern object must be present and match recursively
 * (other properties may be there too); each item of a pattern array must match some item of the value's array.
 */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (value === pattern) return true;
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && pattern.every((wanted) => value.some((item) => matchesPattern(item, wanted)));
  }
  if (!isJsonObject(pattern) || !isJsonObject(value)) return false;
  for (const key in pattern) {
    if (!matchesPattern(value[key], pattern[key])) return false;
  }
  return true;
}
