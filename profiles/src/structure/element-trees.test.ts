import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { ElementNode } from './element-node.js';
import { ElementTrees } from './element-trees.js';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import type { StructureDefinitionSource } from './structure-definition-source.js';

const child = (node: ElementNode | undefined, name: string): ElementNode | undefined =>
  node?.children.find((c) => c.name === name);

/** A source holding one definition, whose revision a test can bump. */
class OneDefinition implements StructureDefinitionSource {
  revision = 0;
  constructor(public definition: StructureDefinition) {}
  structureDefinition(url: string): StructureDefinition | undefined {
    return url === this.definition.url ? this.definition : undefined;
  }
}

const definition = (url: string, element: ElementDefinition[]): StructureDefinition => ({
  resourceType: 'StructureDefinition',
  url,
  name: 'Test',
  status: 'draft',
  kind: 'resource',
  abstract: false,
  type: 'Patient',
  snapshot: { element },
});

describe('elementdefinition.html — snapshot compiled into an ElementNode tree', function () {
  const trees = new ElementTrees(DefinitionRegistry.create());
  before(function () {
    this.timeout(30_000);
    trees.typeTree('Patient');
  });

  it('children in snapshot order, cardinality as numbers, `*` as Infinity (elementdefinition.html#min-max)', function () {
    const patient = trees.typeTree('Patient');
    expect(patient?.path).to.equal('Patient');
    expect(patient?.children.map((c) => c.name).slice(0, 6)).to.deep.equal([
      'id',
      'meta',
      'implicitRules',
      'language',
      'text',
      'contained',
    ]);
    const name = child(patient, 'name');
    expect([name?.min, name?.max, name?.types.map((t) => t.code)]).to.deep.equal([0, Infinity, ['HumanName']]);
    expect(child(child(patient, 'contact'), 'relationship')?.path).to.equal('Patient.contact.relationship');
  });

  it('a choice element keeps its stem and every type (formats.html#choice)', function () {
    const value = child(trees.typeTree('Observation'), 'value');
    expect(value?.choice).to.equal(true);
    expect(value?.path).to.equal('Observation.value[x]');
    expect(value?.types.map((t) => t.code)).to.include.members(['Quantity', 'CodeableConcept', 'string', 'Period']);
  });

  it('system types become the FHIR type of their extension (extension-structuredefinition-fhir-type.html)', function () {
    expect(child(trees.typeTree('Extension'), 'url')?.types.map((t) => t.code)).to.deep.equal(['uri']);
    expect(child(trees.typeTree('boolean'), 'value')?.types.map((t) => t.code)).to.deep.equal(['boolean']);
  });

  it('a contentReference shares the referenced element’s types and children (elementdefinition.html#contentReference)', function () {
    const item = child(trees.typeTree('Questionnaire'), 'item');
    const nested = child(item, 'item');
    expect(nested?.children).to.equal(item?.children);
    expect(nested?.types.map((t) => t.code)).to.deep.equal(['BackboneElement']);
    expect(child(child(child(nested, 'item'), 'item'), 'linkId')?.path).to.equal('Questionnaire.item.linkId');
    const link = child(child(trees.typeTree('Bundle'), 'entry'), 'link');
    expect(link?.children.map((c) => c.name)).to.include.members(['relation', 'url']);
  });

  it('slices hang under the sliced element, each with its own subtree (profiling.html#slicing)', function () {
    const bp = trees.tree('http://hl7.org/fhir/StructureDefinition/bp');
    const component = child(bp, 'component');
    expect(component?.slicing?.rules.discriminator?.map((d) => d.path)).to.deep.equal([
      'code.coding.code',
      'code.coding.system',
    ]);
    expect(component?.slicing?.slices.map((s) => s.sliceName)).to.deep.equal(['SystolicBP', 'DiastolicBP']);
    const systolic = component?.slicing?.slices[0];
    const coding = child(child(systolic, 'code'), 'coding');
    expect(coding?.slicing?.slices.map((s) => s.sliceName)).to.deep.equal(['SBPCode']);
    expect(child(coding?.slicing?.slices[0], 'code')?.definition.fixedCode).to.equal('8480-6');
    expect(component?.children.map((c) => c.name)).to.include.members(['code', 'value']);
    expect(child(bp, 'value')?.slicing?.slices.map((s) => s.sliceName)).to.deep.equal(['valueQuantity']);
  });

  it('a complex extension’s parts are slices of Extension.extension (extensibility.html)', function () {
    const nationality = trees.tree('http://hl7.org/fhir/StructureDefinition/patient-nationality');
    const parts = child(nationality, 'extension')?.slicing?.slices ?? [];
    expect(parts.map((s) => s.sliceName)).to.deep.equal(['code', 'period']);
    expect(child(parts[1], 'url')?.definition.fixedUri).to.equal('period');
  });

  it('re-slices hang under their slice; undeclared extension slicing is by url (profiling.html#reslicing)', function () {
    const source = new OneDefinition(
      definition('http://example.org/re', [
        { id: 'Patient', path: 'Patient' },
        { id: 'Patient.identifier', path: 'Patient.identifier', slicing: { rules: 'open' } },
        { id: 'Patient.identifier:a', path: 'Patient.identifier', sliceName: 'a' },
        { id: 'Patient.identifier:a/b', path: 'Patient.identifier', sliceName: 'a/b', max: '1' },
        { id: 'Patient.extension', path: 'Patient.extension' },
        { id: 'Patient.extension:x', path: 'Patient.extension', sliceName: 'x' },
      ]),
    );
    const tree = new ElementTrees(source).tree('http://example.org/re');
    const a = child(tree, 'identifier')?.slicing?.slices[0];
    expect(a?.slicing?.slices.map((s) => [s.sliceName, s.max])).to.deep.equal([['a/b', 1]]);
    expect(child(tree, 'extension')?.slicing?.rules.discriminator).to.deep.equal([{ type: 'value', path: 'url' }]);
  });

  it('compiles once per url and again after the source’s revision changes', function () {
    const source = new OneDefinition(definition('http://example.org/p', [{ id: 'Patient', path: 'Patient' }]));
    const cache = new ElementTrees(source);
    const first = cache.tree('http://example.org/p');
    expect(cache.tree('http://example.org/p')).to.equal(first);
    source.definition = definition('http://example.org/p', [
      { id: 'Patient', path: 'Patient' },
      { id: 'Patient.active', path: 'Patient.active', min: 1 },
    ]);
    source.revision += 1;
    expect(cache.tree('http://example.org/p')?.children.map((c) => c.min)).to.deep.equal([1]);
    expect(cache.tree('http://example.org/unknown')).to.equal(undefined);
  });
});
