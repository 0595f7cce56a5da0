import { isJsonObject } from './is-json-object.js';

const PRIMITIVE_REF = /^#\/definitions\/([a-z][A-Za-z0-9]*)$/;

/**
 * In a repeating primitive, an item that has only extensions is `null` in the value array and an
 * object in the `_name` array (https://hl7.org/fhir/R4/json.html#primitive): `"given": ["A", null],
 * "_given": [null, {"extension": [...]}]`. The schema's items refuse null, so each such array's
 * item schema is the primitive's own, inlined, with `null` added to its JSON type. Whether a null
 * is paired with an object in the twin array is the StructureDefinition layer's check.
 */
export function withNullablePrimitiveRepeats(definition: unknown, all: Readonly<Record<string, unknown>>): unknown {
  if (!isJsonObject(definition) || !isJsonObject(definition.properties)) return definition;
  let properties: Record<string, unknown> | undefined;
  for (const [property, schema] of Object.entries(definition.properties)) {
    const items = isJsonObject(schema) && schema.type === 'array' ? schema.items : undefined;
    const ref = isJsonObject(items) && typeof items.$ref === 'string' ? PRIMITIVE_REF.exec(items.$ref)?.[1] : undefined;
    const primitive = ref === undefined ? undefined : all[ref];
    if (!isJsonObject(schema) || !isJsonObject(primitive) || typeof primitive.type !== 'string') continue;
    if (!Object.hasOwn(definition.properties, `_${property}`)) continue;
    properties ??= { ...definition.properties };
    properties[property] = { ...schema, items: { ...primitive, type: [primitive.type, 'null'] } };
  }
  return properties ? { ...definition, properties } : definition;
}
