import { isJsonObject } from './is-json-object.js';

/**
 * JSON rules the R4 schema leaves out: its integer types (the definitions and the inline copies
 * in choice elements such as `multipleBirthInteger`) are `"type": "number"` with a pattern, but
 * JSON Schema applies `pattern` to strings only, so 1.5 or -1 passed as a positiveInt; and
 * "arrays SHALL NOT be empty" (https://hl7.org/fhir/R4/json.html#arrays) is not expressed.
 */
const INTEGER_BY_PATTERN: Readonly<Record<string, { minimum?: number }>> = {
  '^-?([0]|([1-9][0-9]*))$': {},
  '^[1-9][0-9]*$': { minimum: 1 },
  '^[0]|([1-9][0-9]*)$': { minimum: 0 },
};

export function withJsonValueRules(definition: unknown): unknown {
  if (!isJsonObject(definition)) return definition;
  const integer = asInteger(definition);
  if (integer !== definition || !isJsonObject(definition.properties)) return integer;
  const properties: Record<string, unknown> = {};
  for (const [property, schema] of Object.entries(definition.properties)) {
    const rule = asInteger(schema);
    properties[property] = isJsonObject(rule) && rule.type === 'array' ? { ...rule, minItems: 1 } : rule;
  }
  return { ...definition, properties };
}

/** A `number` node with an integer pattern as a JSON Schema integer with its minimum. */
function asInteger(schema: unknown): unknown {
  if (!isJsonObject(schema) || schema.type !== 'number' || typeof schema.pattern !== 'string') return schema;
  const rule = INTEGER_BY_PATTERN[schema.pattern];
  if (!rule) return schema;
  const { pattern: _pattern, ...rest } = schema;
  return { ...rest, type: 'integer', ...rule };
}
