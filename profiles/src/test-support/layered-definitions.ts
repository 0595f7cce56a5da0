import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import type { StructureDefinitionSource } from '../structure/structure-definition-source.js';

/** The base R4 definitions with a few test definitions on top, by url. */
export class LayeredDefinitions implements StructureDefinitionSource {
  revision = 0;
  private readonly extra = new Map<string, StructureDefinition>();

  constructor(definitions: readonly StructureDefinition[] = []) {
    for (const definition of definitions) this.extra.set(definition.url ?? '', definition);
  }

  structureDefinition(url: string): StructureDefinition | undefined {
    return this.extra.get(url) ?? DefinitionRegistry.r4().structureDefinition(url);
  }
}

/**
 * A profile of a base resource: the base snapshot with `changes` applied by element id (a change
 * with an id the base lacks is inserted after `after`, for slices), as a snapshot generator would.
 */
export function profileOf(
  type: string,
  url: string,
  changes: Readonly<Record<string, Partial<ElementDefinition>>>,
  inserted: ReadonlyArray<{ readonly after: string; readonly element: ElementDefinition }> = [],
): StructureDefinition {
  const base = DefinitionRegistry.r4().structureDefinition(`http://hl7.org/fhir/StructureDefinition/${type}`);
  const element: ElementDefinition[] = [];
  for (const original of base?.snapshot?.element ?? []) {
    element.push({ ...original, ...changes[original.id ?? ''] });
    for (const insert of inserted) if (insert.after === original.id) element.push(insert.element);
  }
  return {
    resourceType: 'StructureDefinition',
    url,
    name: 'TestProfile',
    status: 'draft',
    kind: 'resource',
    abstract: false,
    type,
    baseDefinition: `http://hl7.org/fhir/StructureDefinition/${type}`,
    derivation: 'constraint',
    snapshot: { element },
  };
}
