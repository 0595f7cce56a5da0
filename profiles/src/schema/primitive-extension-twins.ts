import { isJsonObject } from './is-json-object.js';

const PRIMITIVE_REF = /^#\/definitions\/([a-z][A-Za-z0-9]*)$/;
const ELEMENT_REF = '#/definitions/Element';

/**
 * Every primitive property may carry its id and extensions in a `_name` twin
 * (https://hl7.org/fhir/R4/json.html#primitive), but the R4 JSON schema leaves out the twin of
 * most `canonical` properties (`QuestionnaireResponse._questionnaire`, `Meta._profile`, …), so
 * `additionalProperties: false` refuses them. Each primitive property without a twin gets one:
 * an `Element`, or an array of them for a repeating property. Not `id` (Element.id, Resource.id)
 * or `Extension.url`: they are System.String attributes, which carry no extensions
 * (https://hl7.org/fhir/R4/extensibility.html#Extension).
 */
export function withPrimitiveExtensionTwins(
  name: string,
  definition: unknown,
  all: Readonly<Record<string, unknown>>,
): unknown {
  if (!isJsonObject(definition) || !isJsonObject(definition.properties)) return definition;
  let properties: Record<string, unknown> | undefined;
  for (const [property, schema] of Object.entries(definition.properties)) {
    if (!isJsonObject(schema) || !carriesExtensions(name, property)) continue;
    if (Object.hasOwn(definition.properties, `_${property}`)) continue;
    const repeats = schema.type === 'array' && isJsonObject(schema.items);
    if (!isPrimitiveRef(repeats && isJsonObject(schema.items) ? schema.items.$ref : schema.$ref, all)) continue;
    properties ??= { ...definition.properties };
    properties[`_${property}`] = repeats
      ? { description: `Extensions for ${property}`, type: 'array', items: { $ref: ELEMENT_REF } }
      : { description: `Extensions for ${property}`, $ref: ELEMENT_REF };
  }
  return properties ? { ...definition, properties } : definition;
}

function carriesExtensions(name: string, property: string): boolean {
  return !property.startsWith('_') && property !== 'id' && !(name === 'Extension' && property === 'url');
}

function isPrimitiveRef(ref: unknown, all: Readonly<Record<string, unknown>>): boolean {
  const primitive = typeof ref === 'string' ? PRIMITIVE_REF.exec(ref)?.[1] : undefined;
  const definition = primitive === undefined ? undefined : all[primitive];
  return isJsonObject(definition) && typeof definition.type === 'string' && !isJsonObject(definition.properties);
}
