import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { DefinitionRegistry } from '../definitions/definition-registry.js';
import { issueSummary } from '../test-support/issue-summary.js';
import { packageExamples } from './package-examples.js';
import { usCorePackages, validatorWithPackages } from './us-core-validator.js';

const US_CORE = 'http://hl7.org/fhir/us/core/';

/** The canonicals an element refers to: type profiles, target profiles, its binding's value set. */
function references(element: ElementDefinition): string[] {
  const types = element.type ?? [];
  return [
    ...types.flatMap((type) => [...(type.profile ?? []), ...(type.targetProfile ?? [])]),
    ...(element.binding?.valueSet ? [element.binding.valueSet] : []),
  ];
}

/** `sd.url → reference → version it resolves to` for references the 3.1.1 package itself defines. */
function resolvedVersions(registry: DefinitionRegistry, sd: StructureDefinition): string[] {
  const defines = (url: string): boolean =>
    registry.structureDefinition(`${url}|3.1.1`) !== undefined || registry.valueSet(`${url}|3.1.1`) !== undefined;
  return (sd.snapshot?.element ?? []).flatMap(references).flatMap((canonical) => {
    const url = canonical.split('|')[0] ?? '';
    if (!defines(url)) return [];
    const found = registry.structureDefinition(canonical) ?? registry.valueSet(canonical);
    return [`${sd.url ?? ''} → ${url}: ${found?.version ?? 'missing'}`];
  });
}

/**
 * A package is built and checked against its own definitions and dependencies
 * (https://confluence.hl7.org/display/FHIR/NPM+Package+Specification): loaded next to a newer
 * version of itself, its profiles keep their own extensions, value sets and bases.
 */
describe('packages.html — US Core 3.1.1 and 8.0.0 loaded together: 3.1.1 resolves within 3.1.1', function () {
  const packages = usCorePackages();
  const v311 = packages.find((entry) => entry.version === '3.1.1');
  const v800 = packages.find((entry) => entry.version === '8.0.0');
  before(function () {
    if (!v311 || !v800) this.skip();
  });

  it("every reference of a 3.1.1 profile to a 3.1.1 definition resolves to 3.1.1's, not 8.0.0's", function () {
    this.timeout(120_000);
    if (!v311 || !v800) return;
    const registry = validatorWithPackages([v311.path, v800.path]).definitions;
    const profiles = registry
      .added('StructureDefinition')
      .filter((sd): sd is StructureDefinition & { url: string } => sd.resourceType === 'StructureDefinition')
      .filter((sd) => sd.version === '3.1.1');
    const resolved = profiles.flatMap((sd) => resolvedVersions(registry, sd));
    expect(resolved.length).to.be.above(20);
    expect(resolved.filter((line) => !line.endsWith(': 3.1.1'))).to.deep.equal([]);
  });

  it('every 3.1.1 example, against its 3.1.1 profiles, yields the errors it yields with 3.1.1 alone', function () {
    this.timeout(120_000);
    if (!v311 || !v800) return;
    const alone = validatorWithPackages([v311.path]);
    const both = validatorWithPackages([v311.path, v800.path]);
    const examples = packageExamples(v311.path);
    expect(examples.length).to.be.above(80);
    for (const example of examples) {
      const meta = (example.resource as { meta?: { profile?: string[] } }).meta;
      const pinned = (meta?.profile ?? []).map((url) => (url.startsWith(US_CORE) ? `${url}|3.1.1` : url));
      const options = { mode: 'base' as const, profiles: pinned };
      const errors = (validator: typeof alone): string[] =>
        validator
          .validate(example.resource, options)
          .filter((issue) => issue.severity === 'error')
          .map(issueSummary);
      expect(errors(both), example.name).to.deep.equal(errors(alone));
    }
  });
});
