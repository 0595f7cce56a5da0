import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { fhirPackageTgz, tarArchive, tarEntry } from '../test-support/tar-fixture.js';
import { DefinitionRegistry } from './definition-registry.js';

const VS = 'http://example.org/fhir/ValueSet/colours';
const CS = 'http://example.org/fhir/CodeSystem/colours';

function manifest(name: string, dependencies: Record<string, string> = {}): Record<string, unknown> {
  return { name, version: '1.0.0', fhirVersions: ['4.0.1'], dependencies };
}
const valueSet = { resourceType: 'ValueSet', id: 'colours', url: VS, version: '1.0.0', status: 'active' };
const codeSystem = { resourceType: 'CodeSystem', id: 'colours', url: CS, status: 'active', content: 'complete' };

function errorsOf(source: Uint8Array | string): string[] {
  return DefinitionRegistry.create({ projectProfiles: false })
    .loadPackage(source)
    .filter((issue) => issue.severity === 'error')
    .map((issue) => issue.diagnostics ?? '');
}

describe('packages.html — FHIR NPM packages (package.tgz)', function () {
  it('loads the conformance resources .index.json lists (packages.html#2.1.10.4)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const index = {
      'index-version': 1,
      files: [{ filename: 'ValueSet-colours.json', resourceType: 'ValueSet', url: VS }],
    };
    const tgz = fhirPackageTgz({
      'package.json': manifest('example.colours'),
      '.index.json': index,
      'ValueSet-colours.json': valueSet,
      'CodeSystem-colours.json': codeSystem, // not in the index: not read
    });
    expect(registry.loadPackage(tgz)).to.deep.equal([]);
    expect(registry.valueSet(`${VS}|1.0.0`)?.id).to.equal('colours');
    expect(registry.codeSystem(CS)).to.equal(undefined);
    expect(registry.revision).to.equal(1);
  });

  it('reads every JSON file directly in package/ without an index, not the examples', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const tgz = fhirPackageTgz({
      'package.json': manifest('example.colours'),
      'ValueSet-colours.json': valueSet,
      'example/CodeSystem-colours.json': codeSystem,
      'Patient-example.json': { resourceType: 'Patient', id: 'p' },
    });
    expect(registry.loadPackage(tgz)).to.deep.equal([]);
    expect(registry.valueSet(VS)?.id).to.equal('colours');
    expect(registry.codeSystem(CS)).to.equal(undefined);
  });

  it('warns once per dependency that is not loaded, not for one that is (packages.html#dependencies)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const base = fhirPackageTgz({ 'package.json': manifest('example.base'), 'CodeSystem-colours.json': codeSystem });
    const dependent = fhirPackageTgz({
      'package.json': manifest('example.colours', {
        'hl7.fhir.r4.core': '4.0.1',
        'example.base': '1.0.0',
        'us.nlm.vsac': '0.23.0',
      }),
      'ValueSet-colours.json': valueSet,
    });
    expect(registry.loadPackage(base)).to.deep.equal([]);
    const issues = registry.loadPackage(dependent);
    expect(issues.map((issue) => [issue.severity, issue.diagnostics])).to.deep.equal([
      ['warning', 'Package example.colours#1.0.0 depends on us.nlm.vsac#0.23.0, which is not loaded'],
    ]);
    expect(registry.valueSet(VS)?.id).to.equal('colours');
  });

  it('skips a file that is not JSON with a warning and loads the rest', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const tgz = gzipSync(
      tarArchive([
        tarEntry('package/package.json', JSON.stringify(manifest('example.colours'))),
        tarEntry('package/ValueSet-broken.json', '{"resourceType": "ValueSet",'),
        tarEntry('package/ValueSet-colours.json', JSON.stringify(valueSet)),
      ]),
    );
    const issues = registry.loadPackage(tgz);
    expect(issues.map((issue) => issue.severity)).to.deep.equal(['warning']);
    expect(registry.valueSet(VS)?.id).to.equal('colours');
  });

  describe('refuses a bad package with one error, never an exception', function () {
    const good = fhirPackageTgz({ 'package.json': manifest('example.colours'), 'ValueSet-colours.json': valueSet });
    const packageJson = JSON.stringify(manifest('example.colours'));

    it('not gzip', function () {
      expect(errorsOf(Buffer.from('{"resourceType":"Bundle"}'))).to.deep.equal(['Package not loaded: not a gzip file']);
    });

    it('a truncated gzip stream', function () {
      expect(errorsOf(good.subarray(0, good.length - 40))).to.deep.equal([
        'Package not loaded: the gzip stream is truncated',
      ]);
    });

    it('a truncated tar entry', function () {
      const long = JSON.stringify({ ...manifest('example.colours'), description: 'x'.repeat(2000) });
      const tar = tarArchive([tarEntry('package/package.json', long)]);
      expect(errorsOf(gzipSync(tar.subarray(0, 1000)))).to.deep.equal(['Package not loaded: the archive is truncated']);
    });

    it('gzip of something that is not tar', function () {
      expect(errorsOf(gzipSync(Buffer.alloc(2048, 'x')))).to.have.length(1);
    });

    it('a ../ path or an absolute path', function () {
      for (const name of ['package/../../etc/passwd', '/etc/passwd', 'package/..\\x.json']) {
        const tgz = gzipSync(tarArchive([tarEntry('package/package.json', packageJson), tarEntry(name, '{}')]));
        expect(errorsOf(tgz)).to.deep.equal(['Package not loaded: an entry name is absolute or contains ".."']);
      }
    });

    it('an entry over the size limit', function () {
      const huge = tarEntry('package/ValueSet-huge.json', '{}', { declaredSize: 100 * 1024 * 1024 });
      const tgz = gzipSync(Buffer.concat([tarEntry('package/package.json', packageJson), huge]));
      expect(errorsOf(tgz)).to.deep.equal(['Package not loaded: an entry of 104857600 bytes is over the limit']);
    });

    it('no package/package.json', function () {
      expect(errorsOf(fhirPackageTgz({ 'ValueSet-colours.json': valueSet }))).to.deep.equal([
        'Package not loaded: package/package.json is missing or has no name and version',
      ]);
    });

    it('a path that does not exist', function () {
      const issues = DefinitionRegistry.create({ projectProfiles: false }).loadPackage('/nonexistent/package.tgz');
      expect(issues.map((issue) => [issue.code, issue.diagnostics])).to.deep.equal([
        ['not-found', 'Package file /nonexistent/package.tgz cannot be read (ENOENT)'],
      ]);
    });
  });
});

describe('packages.html — a package is input: malformed definitions get issues, never an exception', function () {
  it('loads around a numeric baseDefinition, element "x", type {} and include.valueSet "x" (packages.html)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const profile = (id: string, baseDefinition: unknown, differential: unknown): Record<string, unknown> => ({
      resourceType: 'StructureDefinition',
      id,
      url: `http://example.org/fhir/StructureDefinition/${id}`,
      version: '1.0.0',
      type: 'Patient',
      derivation: 'constraint',
      baseDefinition,
      differential,
    });
    const patient = 'http://hl7.org/fhir/StructureDefinition/Patient';
    const imports = { ...valueSet, id: 'imports', url: `${VS}-imports`, compose: { include: [{ valueSet: 'x' }] } };
    const tgz = fhirPackageTgz({
      'package.json': manifest('example.malformed'),
      'ValueSet-colours.json': valueSet,
      'ValueSet-imports.json': imports,
      'StructureDefinition-base.json': profile('base', 5, { element: [{ path: 'Patient' }] }),
      'StructureDefinition-element.json': profile('element', patient, { element: 'x' }),
      'StructureDefinition-null.json': profile('null', patient, { element: [null] }),
      'StructureDefinition-type.json': profile('type', patient, { element: [{ path: 'Patient', type: {} }] }),
    });
    const issues = registry.loadPackage(tgz);
    expect(issues.filter((issue) => issue.severity === 'error').map((issue) => issue.expression?.[0])).to.have.members([
      'StructureDefinition.baseDefinition',
      'StructureDefinition.differential',
      'StructureDefinition.differential.element[0]',
      'StructureDefinition.differential.element[0].type',
    ]);
    expect(registry.valueSet(VS)?.id).to.equal('colours');
    expect(registry.structureDefinition('http://example.org/fhir/StructureDefinition/type')).to.equal(undefined);
  });
});
