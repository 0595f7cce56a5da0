import { expect } from 'chai';
import { usCorePackagePaths } from '../test-support/us-core-package-paths.js';
import { DefinitionRegistry } from './definition-registry.js';

const PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';

/** StructureDefinitions per US Core version, as the packages' `.index.json` lists them (SOURCES.md). */
const STRUCTURE_DEFINITIONS: Record<string, number> = {
  '3.1.1': 30,
  '4.0.0': 39,
  '5.0.1': 51,
  '6.1.0': 59,
  '7.0.0': 63,
  '8.0.0': 67,
};

describe('packages.html — the published US Core packages 3.1.1–8.0.0 load', function () {
  let packages: string[] = [];
  before(function () {
    const paths = usCorePackagePaths();
    if (!paths) this.skip();
    packages = paths;
  });

  it('loads each with no error, only warnings about dependencies that are not loaded', function () {
    expect(packages).to.have.length(6);
    for (const path of packages) {
      const registry = DefinitionRegistry.create({ projectProfiles: false });
      const issues = registry.loadPackage(path);
      const version = /us\.core-(.+)\.tgz$/.exec(path)?.[1] ?? '';
      expect(
        issues.filter((issue) => !/depends on .*, which is not loaded$/.test(issue.diagnostics ?? '')),
      ).to.deep.equal([]);
      expect(registry.added('StructureDefinition'), version).to.have.length(STRUCTURE_DEFINITIONS[version] ?? -1);
      expect(registry.structureDefinition(`${PATIENT}|${version}`)?.snapshot?.element?.length).to.be.above(20);
    }
  });

  it('keeps every version side by side; without a version the newest wins (references.html#canonical)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    for (const path of packages) registry.loadPackage(path);
    expect(registry.structureDefinition(PATIENT)?.version).to.equal('8.0.0');
    expect(registry.structureDefinition(`${PATIENT}|3.1.1`)?.version).to.equal('3.1.1');
    expect(registry.valueSet('http://hl7.org/fhir/us/core/ValueSet/us-core-condition-code')?.version).to.equal('8.0.0');
  });
});
