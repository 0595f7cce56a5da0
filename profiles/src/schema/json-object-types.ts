import { isJsonObject } from './is-json-object.js';

/**
 * The R4 schema gives complex types, backbone elements and resources `properties` but no
 * `"type": "object"`, so `"name": ["x"]` or `"managingOrganization": null` would pass. In FHIR JSON
 * every complex element is an object (https://hl7.org/fhir/R4/json.html#complex), so each such
 * definition gets the type. `Element`, the target of every `_name` primitive extension, may also be
 * null: in a repeating primitive, repeats without extensions are null in the `_name` array
 * (https://hl7.org/fhir/R4/json.html#primitive); a single `_name` must still be an object.
 */
export function withJsonObjectTypes(name: string, definition: unknown): unknown {
  if (!isJsonObject(definition) || !isJsonObject(definition.properties) || definition.type !== undefined) {
    return definition;
  }
  const properties: Record<string, unknown> = {};
  for (const [property, schema] of Object.entries(definition.properties)) {
    properties[property] = property.startsWith('_') && isSingleElement(schema) ? { ...schema, type: 'object' } : schema;
  }
  return { ...definition, properties, type: name === 'Element' ? ['object', 'null'] : 'object' };
}

function isSingleElement(schema: unknown): schema is Record<string, unknown> {
  return isJsonObject(schema) && schema.$ref === '#/definitions/Element';
}
