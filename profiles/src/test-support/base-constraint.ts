import type { ElementDefinitionConstraint, StructureDefinition } from '@medplum/fhirtypes';
import { readDefinitionsJson } from '../schema/read-definitions-json.js';

let byElement: Map<string, ElementDefinitionConstraint[]> | undefined;

/** A constraint exactly as the base R4 definitions state it, by element path and key. */
export function baseConstraint(elementPath: string, key: string): ElementDefinitionConstraint {
  if (!byElement) {
    byElement = new Map();
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
      const bundle = readDefinitionsJson(file) as { entry: { resource: StructureDefinition }[] };
      for (const { resource } of bundle.entry) {
        for (const element of resource.snapshot?.element ?? []) {
          if (element.path && !byElement.has(element.path)) byElement.set(element.path, element.constraint ?? []);
        }
      }
    }
  }
  const found = byElement.get(elementPath)?.find((c) => c.key === key);
  if (!found) throw new Error(`no constraint ${key} on ${elementPath}`);
  return found;
}
