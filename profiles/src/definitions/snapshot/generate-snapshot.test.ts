import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { fhirPackageTgz } from '../../test-support/tar-fixture.js';
import { DefinitionRegistry } from '../definition-registry.js';

const NEXUS_PATIENT = 'http://nexushealth.org/fhir/StructureDefinition/nexus-patient';
const CORE = 'http://hl7.org/fhir/StructureDefinition/';

/** What every test profile here has: a resource constraint, draft. */
const TEST_PROFILE = {
  resourceType: 'StructureDefinition',
  name: 'Test',
  status: 'draft',
  kind: 'resource',
  abstract: false,
  derivation: 'constraint',
} as const;

/** A constraint on `type` stating only a differential. */
function profile(url: string, type: string, baseDefinition: string, element: ElementDefinition[]): StructureDefinition {
  return { ...TEST_PROFILE, url, type, baseDefinition, differential: { element } };
}

function snapshotOf(registry: DefinitionRegistry, url: string): Map<string, ElementDefinition> {
  const elements = registry.structureDefinition(url)?.snapshot?.element ?? [];
  return new Map(elements.map((e) => [e.id ?? '', e]));
}

function ids(registry: DefinitionRegistry, url: string, prefix: string): string[] {
  return [...snapshotOf(registry, url).keys()].filter((id) => id.startsWith(prefix));
}

describe('profiling.html#snapshot — snapshots generated from differentials', function () {
  it('narrows cardinality and expands a datatype the differential goes into (the NexusHealth Patient)', function () {
    const registry = DefinitionRegistry.create();
    const snapshot = snapshotOf(registry, NEXUS_PATIENT);
    expect(snapshot.size).to.equal((registry.baseDefinition('Patient')?.snapshot?.element?.length ?? 0) + 8);
    expect(snapshot.get('Patient.identifier')?.min).to.equal(1);
    expect(snapshot.get('Patient.identifier')?.constraint?.map((c) => c.key)).to.deep.equal(['ele-1']);
    expect(snapshot.get('Patient.identifier.system')).to.include({
      min: 1,
      max: '1',
      path: 'Patient.identifier.system',
    });
    expect(snapshot.get('Patient.identifier.value')?.mustSupport).to.equal(true);
    expect(snapshot.get('Patient.identifier.use')?.binding?.strength).to.equal('required');
    expect(ids(registry, NEXUS_PATIENT, 'Patient.identifier').slice(-2)).to.deep.equal([
      'Patient.identifier.period',
      'Patient.identifier.assigner',
    ]);
  });

  it('inserts a slice after the sliced element’s children, children expanded under it (profiling.html#slicing)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const url = 'http://example.org/fhir/StructureDefinition/mrn-patient';
    const issues = registry.add(
      profile(url, 'Patient', `${CORE}Patient`, [
        {
          id: 'Patient.identifier',
          path: 'Patient.identifier',
          slicing: { discriminator: [{ type: 'value', path: 'system' }], rules: 'open' },
        },
        { id: 'Patient.identifier.use', path: 'Patient.identifier.use', mustSupport: true },
        { id: 'Patient.identifier:mrn', path: 'Patient.identifier', sliceName: 'mrn', min: 1, max: '1' },
        {
          id: 'Patient.identifier:mrn.system',
          path: 'Patient.identifier.system',
          min: 1,
          fixedUri: 'http://example.org/mrn',
        },
      ]),
    );
    expect(issues).to.deep.equal([]);
    const order = ids(registry, url, 'Patient.identifier');
    expect(order.slice(0, 10)).to.deep.equal([
      'Patient.identifier',
      ...['id', 'extension', 'use', 'type', 'system', 'value', 'period', 'assigner'].map(
        (n) => `Patient.identifier.${n}`,
      ),
      'Patient.identifier:mrn',
    ]);
    const snapshot = snapshotOf(registry, url);
    expect(snapshot.get('Patient.identifier:mrn')).to.include({ sliceName: 'mrn', min: 1, max: '1' });
    expect(snapshot.get('Patient.identifier:mrn')?.slicing).to.equal(undefined);
    expect(snapshot.get('Patient.identifier:mrn.system')?.fixedUri).to.equal('http://example.org/mrn');
    expect(snapshot.get('Patient.identifier:mrn.system')?.path).to.equal('Patient.identifier.system');
    expect(snapshot.get('Patient.identifier')?.slicing?.rules).to.equal('open');
    const next = order.length;
    expect([...snapshotOf(registry, url).keys()].indexOf('Patient.active')).to.be.above(next);
  });

  it('chains profiles: a profile on the NexusHealth Patient keeps its constraints (profiling.html#snapshot)', function () {
    const registry = DefinitionRegistry.create();
    const url = 'http://example.org/fhir/StructureDefinition/dated-patient';
    expect(registry.add(profile(url, 'Patient', NEXUS_PATIENT, [{ path: 'Patient.birthDate', min: 1 }]))).to.deep.equal(
      [],
    );
    const snapshot = snapshotOf(registry, url);
    expect(snapshot.get('Patient.birthDate')?.min).to.equal(1);
    expect(snapshot.get('Patient.identifier.system')?.min).to.equal(1);
  });

  it('reads valueQuantity as a type slice of value[x] and expands Quantity under it (formats.html#choice)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const url = 'http://example.org/fhir/StructureDefinition/weight';
    const issues = registry.add(
      profile(url, 'Observation', `${CORE}Observation`, [
        { id: 'Observation.valueQuantity', path: 'Observation.valueQuantity', min: 1 },
        { id: 'Observation.valueQuantity.code', path: 'Observation.valueQuantity.code', min: 1, fixedCode: 'kg' },
      ]),
    );
    expect(issues).to.deep.equal([]);
    const snapshot = snapshotOf(registry, url);
    expect(snapshot.get('Observation.value[x]')?.slicing?.discriminator).to.deep.equal([
      { type: 'type', path: '$this' },
    ]);
    expect(snapshot.get('Observation.value[x]:valueQuantity')?.type?.map((t) => t.code)).to.deep.equal(['Quantity']);
    expect(snapshot.get('Observation.value[x]:valueQuantity.code')).to.include({ min: 1, fixedCode: 'kg' });
  });

  it('adds differential-only profiles of one package base first (packages.html)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const base = profile('http://example.org/a', 'Patient', `${CORE}Patient`, [{ path: 'Patient.gender', min: 1 }]);
    const derived = profile('http://example.org/b', 'Patient', 'http://example.org/a', [
      { path: 'Patient.active', min: 1 },
    ]);
    const tgz = fhirPackageTgz({
      'package.json': { name: 'example.chain', version: '1.0.0' },
      'StructureDefinition-b.json': derived,
      'StructureDefinition-a.json': base,
    });
    expect(registry.loadPackage(tgz)).to.deep.equal([]);
    expect(snapshotOf(registry, 'http://example.org/b').get('Patient.gender')?.min).to.equal(1);
  });

  it('refuses a differential whose base is unknown or that names nothing in it, with issues', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const unknownBase = registry.add(profile('http://example.org/x', 'Patient', 'http://example.org/none', []));
    expect(unknownBase.map((i) => [i.code, i.diagnostics, i.expression])).to.deep.equal([
      ['required', 'The StructureDefinition has no elements here', ['StructureDefinition.differential']],
    ]);
    const noBase = registry.add(
      profile('http://example.org/y', 'Patient', 'http://example.org/none', [{ path: 'Patient.gender', min: 1 }]),
    );
    expect(noBase.map((i) => [i.code, i.diagnostics])).to.deep.equal([
      ['not-found', 'Base definition http://example.org/none is not loaded'],
    ]);
    const wrong = registry.add(
      profile('http://example.org/z', 'Patient', `${CORE}Patient`, [{ path: 'Patient.colour' }]),
    );
    expect(wrong.map((i) => [i.code, i.expression])).to.deep.equal([
      ['not-found', ['StructureDefinition.differential.element[0]']],
    ]);
    expect(registry.revision).to.equal(0);
  });

  it('answers malformed or runaway differentials with issues, not exceptions or hangs', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const malformed: unknown[] = [
      { path: 'Patient.gender', type: 'code' },
      { path: 'Patient.gender', constraint: 'x' },
      { path: 'Patient.gender', type: [{ code: 'code', profile: 'x' }] },
      { path: 'Patient.gender', min: -1 },
      'Patient.gender',
    ];
    const codes = malformed.map((element) => {
      const sd = {
        ...profile('http://example.org/m', 'Patient', `${CORE}Patient`, []),
        differential: { element: [element] },
      };
      return registry.add(sd).map((issue) => issue.code);
    });
    expect(codes).to.deep.equal(malformed.map(() => ['structure']));
    // Each slice of Questionnaire.item copies its ~30 descendants: 500 slices pass the bound.
    const slices = Array.from({ length: 500 }, (_, i) => ({ path: 'Questionnaire.item', sliceName: `s${i}` }));
    const runaway = profile('http://example.org/q', 'Questionnaire', `${CORE}Questionnaire`, slices);
    // No wall-clock bound (the machine may be loaded): mocha's timeout is the guard against a hang.
    expect(registry.add(runaway).map((issue) => issue.code)).to.deep.equal(['too-costly']);
    expect(registry.revision).to.equal(0);
  });
});
