import type { ElementDefinition, ElementDefinitionSlicing, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { assignSlices } from './assign-slices.js';
import type { SlicingContext } from './slicing-context.js';
import { element, issueSummary, sliceNames, slicingTestContext } from './slicing-test-context.js';

const EXAMPLE = 'http://example.org/fhir/StructureDefinition/';
const KIND = 'http://example.org/fhir/StructureDefinition/kind';

/** A profile whose snapshot is `elements` (ids as paths unless given), over R4 core. */
function fixture(name: string, type: string, elements: ElementDefinition[]): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    url: EXAMPLE + name,
    name,
    status: 'draft',
    kind: 'resource',
    abstract: false,
    type,
    snapshot: { element: [{ id: type, path: type }, ...elements.map((e) => ({ ...e, id: e.id ?? e.path }))] },
  };
}

/** A sliced element and its slices; `children` are the element's own (unsliced) children, as a snapshot lists them. */
const slices = (
  path: string,
  slicing: ElementDefinitionSlicing,
  names: string[],
  children: ElementDefinition[] = [],
) => [
  { path, slicing, min: 0, max: '*' },
  ...children,
  ...names.map((sliceName) => ({ id: `${path}:${sliceName}`, path, sliceName, min: 0, max: '*' })),
];

const component: ElementDefinition[] = [
  { path: 'Observation.component.extension', type: [{ code: 'Extension' }] },
  { path: 'Observation.component.code', type: [{ code: 'CodeableConcept' }] },
  { path: 'Observation.component.value[x]', type: [{ code: 'Quantity' }, { code: 'string' }] },
];

const definitions = [
  fixture('by-profile', 'Bundle', [
    {
      path: 'Bundle.entry',
      slicing: { discriminator: [{ type: 'profile', path: 'resource' }], rules: 'open' },
      max: '*',
    },
    { id: 'Bundle.entry:patient', path: 'Bundle.entry', sliceName: 'patient', max: '1' },
    {
      id: 'Bundle.entry:patient.resource',
      path: 'Bundle.entry.resource',
      type: [{ code: 'Patient', profile: [`${EXAMPLE}vip`] }],
    },
  ]),
  fixture('by-type', 'Bundle', [
    ...slices('Bundle.entry', { discriminator: [{ type: 'type', path: 'resource' }], rules: 'closed' }, [
      'patient',
      'observation',
    ]),
    { id: 'Bundle.entry:patient.resource', path: 'Bundle.entry.resource', type: [{ code: 'Patient' }] },
    { id: 'Bundle.entry:observation.resource', path: 'Bundle.entry.resource', type: [{ code: 'Observation' }] },
  ]),
  fixture('by-exists', 'Observation', [
    ...slices(
      'Observation.component',
      { discriminator: [{ type: 'exists', path: 'value' }], rules: 'open' },
      ['measured', 'absent'],
      component,
    ),
    {
      id: 'Observation.component:measured.value[x]',
      path: 'Observation.component.value[x]',
      min: 1,
      type: [{ code: 'Quantity' }],
    },
    { id: 'Observation.component:absent.value[x]', path: 'Observation.component.value[x]', max: '0' },
  ]),
  fixture('by-extension', 'Observation', [
    ...slices(
      'Observation.component',
      {
        discriminator: [
          { type: 'value', path: `extension('${KIND}').value` },
          { type: 'value', path: "extension('part').value" },
        ],
        rules: 'closed',
      },
      ['a', 'b'],
      component,
    ),
    ...['a', 'b'].flatMap((kind): ElementDefinition[] => [
      {
        id: `Observation.component:${kind}.extension`,
        path: 'Observation.component.extension',
        slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'open' },
      },
      {
        id: `Observation.component:${kind}.extension:kind`,
        path: 'Observation.component.extension',
        sliceName: 'kind',
        type: [{ code: 'Extension', profile: [KIND] }],
      },
      {
        id: `Observation.component:${kind}.extension:part`,
        path: 'Observation.component.extension',
        sliceName: 'part',
      },
      {
        id: `Observation.component:${kind}.extension:part.url`,
        path: 'Observation.component.extension.url',
        fixedUri: 'part',
      },
      {
        id: `Observation.component:${kind}.extension:part.value[x]`,
        path: 'Observation.component.extension.value[x]',
        fixedString: `${kind}-part`,
      },
      {
        id: `Observation.component:${kind}.extension:kind.value[x]`,
        path: 'Observation.component.extension.value[x]',
        fixedCode: kind,
      },
    ]),
  ]),
  fixture('by-of-type', 'Observation', [
    ...slices(
      'Observation.component',
      { discriminator: [{ type: 'value', path: 'value.ofType(Quantity).code' }], rules: 'open' },
      ['mmHg'],
      component,
    ),
    {
      id: 'Observation.component:mmHg.value[x]',
      path: 'Observation.component.value[x]',
      slicing: { discriminator: [{ type: 'type', path: '$this' }], rules: 'open' },
      type: [{ code: 'Quantity' }, { code: 'string' }],
    },
    {
      id: 'Observation.component:mmHg.value[x]:valueQuantity',
      path: 'Observation.component.value[x]',
      sliceName: 'valueQuantity',
      type: [{ code: 'Quantity' }],
    },
    {
      id: 'Observation.component:mmHg.value[x]:valueQuantity.code',
      path: 'Observation.component.value[x].code',
      fixedCode: 'mm[Hg]',
    },
  ]),
  fixture('open-at-end', 'Patient', [
    ...slices(
      'Patient.identifier',
      { discriminator: [{ type: 'value', path: 'system' }], rules: 'openAtEnd', ordered: true },
      ['mrn'],
    ),
    { id: 'Patient.identifier:mrn.system', path: 'Patient.identifier.system', fixedUri: 'urn:mrn' },
  ]),
  fixture(
    'overlapping',
    'Patient',
    [
      ...slices('Patient.identifier', { discriminator: [{ type: 'pattern', path: '$this' }], rules: 'open' }, [
        'any-mrn',
        'hospital-mrn',
      ]),
    ].map((e) =>
      e.id === 'Patient.identifier:any-mrn'
        ? { ...e, patternIdentifier: { system: 'urn:mrn' } }
        : e.id === 'Patient.identifier:hospital-mrn'
          ? { ...e, patternIdentifier: { system: 'urn:mrn', assigner: { display: 'H' } } }
          : e,
    ),
  ),
  fixture(
    'projected',
    'Observation',
    slices('Observation.category', { discriminator: [{ type: 'value', path: 'coding.code' }], rules: 'open' }, [
      'lab',
    ]).map((e) =>
      e.id === 'Observation.category:lab' ? { ...e, patternCodeableConcept: { coding: [{ code: 'laboratory' }] } } : e,
    ),
  ),
  fixture(
    'no-discriminator',
    'Patient',
    slices('Patient.identifier', { rules: 'closed', description: 'by meaning' }, ['mrn']),
  ),
];

describe('profiling.html#discriminator — discriminator types and rules on small profiles', function () {
  this.timeout(30_000);
  const core = DefinitionRegistry.r4();
  const byUrl = new Map(definitions.map((d) => [d.url, d]));
  const source = { revision: 0, structureDefinition: (url: string) => byUrl.get(url) ?? core.structureDefinition(url) };
  const vip = (item: unknown) => (item as { active?: boolean }).active === true;
  const context: SlicingContext = slicingTestContext(source, {
    conformsTo: (item, url) => url === `${EXAMPLE}vip` && vip(item),
  });
  const sliced = (name: string, ...path: string[]) => element(context.profile(EXAMPLE + name), ...path);

  it('profile: an entry whose resource conforms to the slice’s type profile', function () {
    const entries = [
      { resource: { resourceType: 'Patient' } },
      { resource: { resourceType: 'Patient', active: true } },
    ];
    expect(sliceNames(assignSlices(entries, sliced('by-profile', 'entry'), context))).to.deep.equal([null, 'patient']);
  });

  it('type: a Bundle entry by its resource’s type; another type breaks closed slicing', function () {
    const entries = ['Observation', 'Patient', 'Condition'].map((resourceType) => ({ resource: { resourceType } }));
    const assignment = assignSlices(entries, sliced('by-type', 'entry'), context);
    expect(sliceNames(assignment)).to.deep.equal(['observation', 'patient', null]);
    expect(issueSummary(assignment)).to.deep.equal(['error structure @2']);
  });

  it('exists: value[x] present (min 1) or absent (max 0), whatever its type', function () {
    const items = [{ code: {} }, { code: {}, valueQuantity: { value: 1 } }, { code: {}, valueString: 'x' }];
    const assignment = assignSlices(items, sliced('by-exists', 'component'), context);
    expect(sliceNames(assignment)).to.deep.equal(['absent', 'measured', 'measured']);
  });

  it("extension('url').value: the fixed value of the extension slice with that profile or fixed url; all discriminators must match", function () {
    const kind = (valueCode: string, part = `${valueCode}-part`) => ({
      code: {},
      extension: [
        { url: KIND, valueCode },
        { url: 'part', valueString: part },
      ],
    });
    const assignment = assignSlices(
      [kind('b'), kind('a'), kind('a', 'b-part'), { code: {} }],
      sliced('by-extension', 'component'),
      context,
    );
    expect(sliceNames(assignment)).to.deep.equal(['b', 'a', null, null]);
    expect(issueSummary(assignment)).to.deep.equal(['error structure @2', 'error structure @3']);
  });

  it('ofType(Quantity): only the Quantity choice counts, down to its fixed code', function () {
    const items = [{ valueQuantity: { code: 'mm[Hg]' } }, { valueString: 'mm[Hg]' }, { valueQuantity: { code: 'kg' } }];
    expect(sliceNames(assignSlices(items, sliced('by-of-type', 'component'), context))).to.deep.equal([
      'mmHg',
      null,
      null,
    ]);
  });

  it('openAtEnd: items in no slice only after the sliced ones (profiling.html#slicing)', function () {
    const mrn = { system: 'urn:mrn', value: 'x' };
    const other = { system: 'urn:other', value: 'x' };
    const identifier = sliced('open-at-end', 'identifier');
    expect(assignSlices([mrn, other, other], identifier, context).issues).to.deep.equal([]);
    const assignment = assignSlices([other, mrn], identifier, context);
    expect(issueSummary(assignment)).to.deep.equal(['error structure @1']);
    expect(assignment.issues[0]?.diagnostics).to.equal(
      "Slice 'mrn' of Patient.identifier must come before the items in no slice (slicing is openAtEnd)",
    );
  });

  it('a pattern on the slice itself, projected down the discriminator path (coding.code of patternCodeableConcept)', function () {
    const items = [{ coding: [{ code: 'exam' }, { system: 'x', code: 'laboratory' }] }, { coding: [{ code: 'exam' }] }];
    expect(sliceNames(assignSlices(items, sliced('projected', 'category'), context))).to.deep.equal(['lab', null]);
  });

  it('an item matching several slices is counted in the first, with a warning', function () {
    const item = { system: 'urn:mrn', assigner: { display: 'H' } };
    const assignment = assignSlices([item], sliced('overlapping', 'identifier'), context);
    expect(sliceNames(assignment)).to.deep.equal(['any-mrn']);
    expect(issueSummary(assignment)).to.deep.equal(['warning structure @0']);
  });

  it('a slicing without discriminator: one warning, no item judged', function () {
    const assignment = assignSlices([{ system: 'urn:mrn' }], sliced('no-discriminator', 'identifier'), context);
    expect(sliceNames(assignment)).to.deep.equal([null]);
    expect(issueSummary(assignment)).to.deep.equal(['warning not-supported @-']);
  });

  it('an element without slicing: no slices, no issues', function () {
    const code = sliced('by-exists', 'component', 'code');
    expect(assignSlices([{}], code, context)).to.deep.equal({ slices: [undefined], issues: [] });
  });
});
