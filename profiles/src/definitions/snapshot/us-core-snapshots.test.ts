import type { ElementDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { usCorePackagePaths } from '../../test-support/us-core-package-paths.js';
import { DefinitionRegistry } from '../definition-registry.js';
import { generateSnapshot } from './generate-snapshot.js';

/** What validation reads from a snapshot element, as one comparable string per property. */
function validationShape(e: ElementDefinition): Record<string, string> {
  const types = (e.type ?? []).map((t) => [t.code, t.profile?.join(), t.targetProfile?.join()].join('|'));
  const fixed = Object.entries(e).filter(([key]) => key.startsWith('fixed') || key.startsWith('pattern'));
  return {
    path: e.path ?? '',
    cardinality: `${e.min}..${e.max}`,
    types: types.sort().join(' '),
    fixed: JSON.stringify(fixed),
    binding: e.binding ? `${e.binding.strength} ${e.binding.valueSet}` : '',
    slicing: JSON.stringify(e.slicing && [e.slicing.discriminator, e.slicing.rules, e.slicing.ordered ?? false]),
    constraints: (e.constraint ?? [])
      .map((c) => c.key)
      .sort()
      .join(),
  };
}

/**
 * Published US Core snapshots come from IG publisher versions of 2019–2025, which differ among
 * themselves (a renamed choice `valueQuantity` became a closed type slice, then `value[x]` narrowed;
 * slices got the datatype's children copied or not). So the match cannot be total; below this the
 * generator has regressed.
 */
const MIN_MATCH = 0.985;

describe('profiling.html#snapshot — US Core snapshots regenerated from their differentials', function () {
  let packages: string[] = [];
  before(function () {
    const paths = usCorePackagePaths();
    if (!paths) this.skip();
    packages = paths;
  });

  it(`matches the published snapshots on paths, cardinality, types, fixed/pattern, bindings, slicing, constraints`, function () {
    let elements = 0;
    let matching = 0;
    for (const path of packages) {
      const registry = DefinitionRegistry.create({ projectProfiles: false });
      registry.loadPackage(path);
      for (const sd of registry.added('StructureDefinition')) {
        if (sd.resourceType !== 'StructureDefinition' || sd.derivation !== 'constraint') continue;
        const base = sd.baseDefinition ? registry.structureDefinition(sd.baseDefinition) : undefined;
        if (!base) continue; // based on a package that is not here (SDC's QuestionnaireResponse)
        const { elements: generated, issues } = generateSnapshot({ ...sd, snapshot: undefined }, registry);
        expect(issues, `${path} ${sd.url}`).to.deep.equal([]);
        const ours = new Map((generated ?? []).map((e) => [e.id, JSON.stringify(validationShape(e))]));
        for (const published of sd.snapshot?.element ?? []) {
          elements++;
          if (ours.get(published.id) === JSON.stringify(validationShape(published))) matching++;
        }
      }
    }
    const rate = matching / elements;
    console.log(`      ${matching} of ${elements} published snapshot elements matched (${(rate * 100).toFixed(2)} %)`);
    expect(elements).to.be.above(15_000);
    expect(rate).to.be.at.least(MIN_MATCH);
  });
});
