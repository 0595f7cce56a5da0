import type { StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { DefinitionRegistry } from './definition-registry.js';

const CORE = 'http://hl7.org/fhir/StructureDefinition/';

/** A real core profile under another url and version: enough to be valid for the registry. */
function copyOfPatient(url: string, version: string): StructureDefinition {
  const patient = DefinitionRegistry.r4().baseDefinition('Patient');
  if (!patient) throw new Error('no Patient');
  return { ...patient, url, version, derivation: 'constraint', baseDefinition: `${CORE}Patient` };
}

describe('DefinitionRegistry — base R4 definitions (structuredefinition.html)', function () {
  const registry = DefinitionRegistry.r4();

  it('finds core resources, types, extensions and profiles by url (structuredefinition.html)', function () {
    expect(registry.structureDefinition(`${CORE}Patient`)?.snapshot?.element?.[0]?.path).to.equal('Patient');
    expect(registry.structureDefinition(`${CORE}HumanName`)?.kind).to.equal('complex-type');
    expect(registry.structureDefinition(`${CORE}patient-birthTime`)?.type).to.equal('Extension');
    expect(registry.structureDefinition(`${CORE}vitalsigns`)?.derivation).to.equal('constraint');
    expect(registry.structureDefinition(`${CORE}Patient|4.0.1`)?.version).to.equal('4.0.1');
    expect(registry.structureDefinition(`${CORE}Patient|3.0.2`)).to.equal(undefined);
    expect(registry.structureDefinition('http://example.org/none')).to.equal(undefined);
  });

  it('finds ValueSets and CodeSystems of R4, v3 and v2 (terminologies.html)', function () {
    expect(registry.valueSet('http://hl7.org/fhir/ValueSet/administrative-gender')?.status).to.equal('active');
    expect(registry.codeSystem('http://hl7.org/fhir/administrative-gender')?.concept?.length).to.equal(4);
    expect(registry.codeSystem('http://terminology.hl7.org/CodeSystem/v3-ActCode')?.resourceType).to.equal(
      'CodeSystem',
    );
    expect(registry.codeSystem('http://terminology.hl7.org/CodeSystem/v2-0203')?.resourceType).to.equal('CodeSystem');
  });

  it('preloads every base file, after which nothing is read again (structuredefinition.html)', function () {
    registry.preload();
    const started = performance.now();
    expect(registry.structureDefinition('http://example.org/not-there')).to.equal(undefined);
    expect(registry.codeSystem('http://terminology.hl7.org/CodeSystem/v2-0001')?.resourceType).to.equal('CodeSystem');
    expect(performance.now() - started).to.be.below(500); // reading the files takes seconds
  });

  it('gives the core definition of a type, not a profile on it (structuredefinition.html#8.19.1.1)', function () {
    expect(registry.baseDefinition('Observation')?.url).to.equal(`${CORE}Observation`);
    expect(registry.baseDefinition('string')?.kind).to.equal('primitive-type');
    expect(registry.baseDefinition('vitalsigns')).to.equal(undefined);
  });

  it('has no Medplum additions: R4 Meta and Binary, no R4B SubscriptionStatus (resourcelist.html)', function () {
    const paths = (type: string): string[] =>
      registry.baseDefinition(type)?.snapshot?.element?.map((e) => e.path ?? '') ?? [];
    expect(paths('Meta')).to.not.include.members(['Meta.project', 'Meta.account', 'Meta.compartment']);
    expect(paths('Binary')).to.not.include('Binary.url');
    expect(registry.structureDefinition(`${CORE}SubscriptionStatus`)).to.equal(undefined);
    const who = registry
      .baseDefinition('AuditEvent')
      ?.snapshot?.element?.find((e) => e.path === 'AuditEvent.agent.who');
    expect(who?.type?.[0]?.targetProfile?.some((url) => url.includes('medplum'))).to.equal(false);
  });
});

describe('DefinitionRegistry — runtime add (references.html#canonical)', function () {
  it('adds a profile, finds it by url and url|version, newest version without one', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const url = 'http://example.org/fhir/StructureDefinition/p';
    expect(registry.add(copyOfPatient(url, '1.9.0'))).to.deep.equal([]);
    expect(registry.add(copyOfPatient(url, '1.10.0'))).to.deep.equal([]);
    expect(registry.structureDefinition(url)?.version).to.equal('1.10.0');
    expect(registry.structureDefinition(`${url}|1.9.0`)?.version).to.equal('1.9.0');
    expect(registry.revision).to.equal(2);
    expect(DefinitionRegistry.r4().structureDefinition(url)).to.equal(undefined);
  });

  it('lets an added resource of the same version replace a core one', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const gender: ValueSet = {
      resourceType: 'ValueSet',
      url: 'http://hl7.org/fhir/ValueSet/administrative-gender',
      version: '4.0.1',
      status: 'draft',
    };
    expect(registry.add(gender)).to.deep.equal([]);
    expect(registry.valueSet(gender.url ?? '')?.status).to.equal('draft');
    expect(registry.revision).to.equal(1);
  });

  it('answers bad input with issues, never an exception, and changes nothing', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const bad: unknown[] = [
      null,
      'text',
      [],
      { resourceType: 'Patient', url: 'http://x.org/p' },
      { resourceType: 'ValueSet' },
      { resourceType: 'ValueSet', url: 'http://x.org/v', version: 3 },
      { resourceType: 'StructureDefinition', url: 'http://x.org/a', snapshot: { element: [] } },
      { resourceType: 'StructureDefinition', url: 'http://x.org/b', type: 'Patient', snapshot: { element: [{}] } },
    ];
    const issues = bad.map((resource) => registry.add(resource));
    expect(issues.map((list) => list[0]?.severity)).to.deep.equal(bad.map(() => 'error'));
    expect(issues[7]?.[0]?.expression).to.deep.equal(['StructureDefinition.snapshot.element[0].path']);
    expect(registry.revision).to.equal(0);
  });

  it('checks a definition as add would, without adding it (structuredefinition.html)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const url = 'http://example.org/fhir/StructureDefinition/checked';
    expect(registry.check(copyOfPatient(url, '1.0.0'))).to.deep.equal([]);
    const broken = { resourceType: 'StructureDefinition', url, type: 'Patient', snapshot: { element: [{}] } };
    expect(registry.check(broken)[0]?.expression).to.deep.equal(['StructureDefinition.snapshot.element[0].path']);
    expect(registry.check({ resourceType: 'Patient' })[0]?.severity).to.equal('error');
    expect([registry.structureDefinition(url), registry.revision]).to.deep.equal([undefined, 0]);
  });
});

describe('DefinitionRegistry — stored definitions never replace owned ones (resource.html#canonical)', function () {
  it('addStored never puts a core, namespace or package url in force (a warning); removeStored takes out its own alone', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const vs: ValueSet = {
      resourceType: 'ValueSet',
      url: 'http://hl7.org/fhir/ValueSet/administrative-gender',
      version: '4.0.1',
      status: 'active',
    };
    expect(registry.addStored(vs, 'ValueSet/a').map((i) => [i.severity, i.code])).to.deep.equal([
      ['warning', 'business-rule'],
    ]);
    expect(registry.valueSet(vs.url ?? '')?.compose?.include?.[0]?.system).to.equal(
      'http://hl7.org/fhir/administrative-gender',
    );
    const fixed = copyOfPatient('http://example.org/ig/p', '1.0.0');
    expect(registry.add(fixed)).to.deep.equal([]);
    expect(registry.addStored({ ...fixed, version: '99.0.0' }, 'StructureDefinition/x')[0]?.code).to.equal(
      'business-rule',
    );
    expect(registry.removeStored('StructureDefinition/x')).to.equal(false);
    expect(registry.structureDefinition('http://example.org/ig/p')?.version).to.equal('1.0.0');
    const mine = copyOfPatient('http://example.org/mine', '1.0.0');
    expect(registry.addStored(mine, 'StructureDefinition/m1')).to.deep.equal([]);
    expect(registry.addStored({ ...mine, version: '2.0.0' }, 'StructureDefinition/m2')).to.deep.equal([]);
    expect(registry.removeStored('StructureDefinition/m2')).to.equal(true);
    expect(registry.structureDefinition('http://example.org/mine')?.version).to.equal('1.0.0');
  });
});

describe('structuredefinition.html — a malformed definition written to the server gets issues, never a TypeError', function () {
  it('check and addStored refuse a wrong-shaped differential, element, constraint, type or baseDefinition (structuredefinition.html)', function () {
    const registry = DefinitionRegistry.create({ projectProfiles: false });
    const url = 'http://example.org/fhir/StructureDefinition/attack';
    const profile = (differential: unknown, baseDefinition: unknown = `${CORE}Patient`): unknown => ({
      resourceType: 'StructureDefinition',
      url,
      type: 'Patient',
      derivation: 'constraint',
      baseDefinition,
      differential,
    });
    const at = 'StructureDefinition.differential';
    const attacks: [unknown, string][] = [
      [profile({ element: 'x' }), at],
      [profile({ element: [null] }), `${at}.element[0]`],
      [profile({ element: [{ path: 'Patient', constraint: 5 }] }), `${at}.element[0].constraint`],
      [profile({ element: [{ path: 'Patient', type: 'x' }] }), `${at}.element[0].type`],
      [profile({ element: [{ path: 'Patient' }] }, 5), 'StructureDefinition.baseDefinition'],
      // The profiling rules read a differential beside a valid snapshot too.
      [{ ...copyOfPatient(url, '1.0.0'), differential: { element: [null] } }, `${at}.element[0]`],
    ];
    for (const [attack, expression] of attacks) {
      const firstError = (issues: { severity: string; expression?: string[] }[]): string[] | undefined =>
        issues.find((issue) => issue.severity === 'error')?.expression;
      expect(firstError(registry.check(attack))).to.deep.equal([expression]);
      expect(firstError(registry.addStored(attack, 'StructureDefinition/attack'))).to.deep.equal([expression]);
    }
    expect([registry.structureDefinition(url), registry.revision]).to.deep.equal([undefined, 0]);
  });
});
