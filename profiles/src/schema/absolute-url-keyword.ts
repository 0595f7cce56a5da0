import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { isJsonObject } from './is-json-object.js';

/** The keyword on Extension.url: "SHALL be an absolute URL" (https://hl7.org/fhir/R4/extensibility.html#Extension). */
export const ABSOLUTE_URL_KEYWORD = 'fhirAbsoluteUrl';

/** An RFC 3986 scheme (section 3.1) opens every absolute URI, `urn:` ones included. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The url of an extension inside an extension: a complex extension names its parts by their
 * slice names, relative urls such as us-core-race's `ombCategory` (extensibility.html#Extension).
 */
const NESTED_EXTENSION_URL = /\/(extension|modifierExtension)\/\d+\/extension\/\d+\/url$/;

export function absoluteUrlKeyword(): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (_schema, data, _parentSchema, dataCxt) =>
    typeof data !== 'string' || SCHEME.test(data) || NESTED_EXTENSION_URL.test(dataCxt?.instancePath ?? '');
  return { keyword: ABSOLUTE_URL_KEYWORD, schemaType: 'boolean', validate };
}

/** Extension's definition with the keyword on its `url` (modifierExtension shares the definition). */
export function withAbsoluteExtensionUrl(name: string, definition: unknown): unknown {
  if (name !== 'Extension' || !isJsonObject(definition) || !isJsonObject(definition.properties)) return definition;
  const url = definition.properties.url;
  if (!isJsonObject(url)) return definition;
  return { ...definition, properties: { ...definition.properties, url: { ...url, [ABSOLUTE_URL_KEYWORD]: true } } };
}
