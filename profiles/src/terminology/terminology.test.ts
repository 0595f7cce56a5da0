import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MapTerminologySource } from './map-terminology-source.test-support.js';
import { Terminology } from './terminology.js';
import { TerminologyError } from './terminology-error.js';

const V3_ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

const flavours: CodeSystem = {
  resourceType: 'CodeSystem',
  url: 'http://example.org/CodeSystem/flavour',
  status: 'active',
  content: 'complete',
  property: [{ code: 'sweet', type: 'boolean' }],
  concept: [
    { code: 'vanilla', property: [{ code: 'sweet', valueBoolean: true }] },
    { code: 'salt', property: [{ code: 'sweet', valueBoolean: false }] },
    { code: 'caramel', property: [{ code: 'sweet', valueBoolean: true }] },
  ],
};

function valueSet(url: string, compose: ValueSet['compose']): ValueSet {
  return { resourceType: 'ValueSet', url, status: 'active', compose };
}

describe('Terminology — ValueSet expansion (valueset.html#compositions)', () => {
  const base = Terminology.loadBase();

  it('a whole-system include keeps the system; a |version on the canonical is accepted (references.html#canonical)', () => {
    const expansion = base.expandUrl('http://hl7.org/fhir/ValueSet/condition-clinical|4.0.1');
    expect([...(expansion?.systems ?? [])]).to.deep.equal([CLINICAL]);
  });

  it('an include.system carrying |version names the system before it (valueset-definitions.html#ValueSet.compose.include.system)', () => {
    // As US Core 7.0.0's us-core-provenance-participant-type ships it.
    const source = new MapTerminologySource();
    source.add(
      valueSet('http://example.org/ValueSet/participant', {
        include: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type|4.0.1' }],
      }),
    );
    const expansion = new Terminology(source).expandUrl('http://example.org/ValueSet/participant');
    expect([...(expansion?.systems ?? [])]).to.deep.equal([
      'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
    ]);
  });

  it('is-a includes the code and what it subsumes (valueset-filter-operator.html#is-a)', () => {
    const codes = base.expandUrl('http://hl7.org/fhir/ValueSet/sibling-relationship-codes')?.codes;
    expect(codes).to.include(`${V3_ROLE}|SIB`).and.include(`${V3_ROLE}|BRO`).and.include(`${V3_ROLE}|HSIS`);
    expect(codes).not.to.include(`${V3_ROLE}|MTH`);
  });

  it('descendent-of leaves the code itself out (valueset-filter-operator.html#descendent-of)', () => {
    const codes = base.expandUrl('http://hl7.org/fhir/ValueSet/inactive')?.codes;
    const mood = 'http://terminology.hl7.org/CodeSystem/v3-ActMood';
    expect(codes).to.include(`${mood}|GOL`).and.not.include(`${mood}|_ActMoodPredicate`);
  });

  it('is-not-a keeps the codes outside the subtree (valueset-filter-operator.html#is-not-a)', () => {
    const codes = base.expandUrl('http://hl7.org/fhir/ValueSet/patient-contactrelationship')?.codes;
    const v2 = 'http://terminology.hl7.org/CodeSystem/v2-0131';
    expect(codes).to.include(`${v2}|C`).and.not.include(`${v2}|O`);
  });

  it('= and in filter on a concept property or the code (valueset-filter-operator.html)', () => {
    const sweet = valueSet('http://example.org/ValueSet/sweet', {
      include: [{ system: flavours.url, filter: [{ property: 'sweet', op: '=', value: 'true' }] }],
    });
    const listed = valueSet('http://example.org/ValueSet/listed', {
      include: [{ system: flavours.url, filter: [{ property: 'concept', op: 'in', value: 'salt, caramel' }] }],
    });
    const terminology = new Terminology(new MapTerminologySource([flavours, sweet, listed]));
    expect([...(terminology.expandUrl(sweet.url ?? '')?.codes ?? [])]).to.deep.equal([
      `${flavours.url}|vanilla`,
      `${flavours.url}|caramel`,
    ]);
    expect([...(terminology.expandUrl(listed.url ?? '')?.codes ?? [])]).to.deep.equal([
      `${flavours.url}|salt`,
      `${flavours.url}|caramel`,
    ]);
  });

  it('imports intersect with the system part and excludes remove codes (valueset.html#compositions)', () => {
    const all = valueSet('http://example.org/ValueSet/all', { include: [{ system: flavours.url }] });
    const some = valueSet('http://example.org/ValueSet/some', {
      include: [{ valueSet: [all.url ?? ''], system: flavours.url, concept: [{ code: 'salt' }, { code: 'vanilla' }] }],
      exclude: [{ system: flavours.url, concept: [{ code: 'vanilla' }] }],
    });
    const terminology = new Terminology(new MapTerminologySource([flavours, all, some]));
    expect([...(terminology.expandUrl(some.url ?? '')?.codes ?? [])]).to.deep.equal([`${flavours.url}|salt`]);
  });

  it('an exclude of single codes or a filter takes them out of a whole-system include (valueset.html#compose)', () => {
    const noSalt = valueSet('http://example.org/ValueSet/no-salt', {
      include: [{ system: flavours.url }],
      exclude: [{ system: flavours.url, concept: [{ code: 'salt' }] }],
    });
    const savoury = valueSet('http://example.org/ValueSet/savoury', {
      include: [{ system: flavours.url }],
      exclude: [{ system: flavours.url, filter: [{ property: 'sweet', op: '=', value: 'true' }] }],
    });
    const terminology = new Terminology(new MapTerminologySource([flavours, noSalt, savoury]));
    const open = terminology.expandUrl(noSalt.url ?? '');
    expect([...(open?.systems ?? [])]).to.deep.equal([flavours.url]);
    expect([...(open?.excluded ?? [])]).to.deep.equal([`${flavours.url}|salt`]);
    // The exact expansion (search) lists the other codes of the loaded CodeSystem.
    const exact = terminology.expand(noSalt);
    expect([...exact.codes]).to.have.members([`${flavours.url}|vanilla`, `${flavours.url}|caramel`]);
    expect(exact.systems.size + exact.excluded.size).to.equal(0);
    expect([...terminology.expand(savoury).codes]).to.deep.equal([`${flavours.url}|salt`]);
  });

  it('an exclude from a whole system not loaded here cannot be expanded exactly (valueset.html#compose)', () => {
    const most = valueSet('http://example.org/ValueSet/most-loinc', {
      include: [{ system: 'http://loinc.org' }],
      exclude: [{ system: 'http://loinc.org', concept: [{ code: '8480-6' }] }],
    });
    const terminology = new Terminology(new MapTerminologySource([most]));
    expect([...(terminology.expandUrl(most.url ?? '')?.excluded ?? [])]).to.deep.equal(['http://loinc.org|8480-6']);
    expect(() => terminology.expand(most)).to.throw(TerminologyError, /excludes codes of http:\/\/loinc.org/);
  });

  it('a filter over a code system not loaded is unchecked; the exact expand refuses it (search.html#token)', () => {
    const loinc = valueSet('http://example.org/ValueSet/loinc-panels', {
      include: [{ system: 'http://loinc.org', filter: [{ property: 'CLASS', op: '=', value: 'PANEL.CHEM' }] }],
    });
    const terminology = new Terminology(new MapTerminologySource([loinc]));
    expect([...(terminology.expandUrl(loinc.url ?? '')?.unchecked.keys() ?? [])]).to.deep.equal(['http://loinc.org']);
    expect(() => terminology.expand(loinc)).to.throw(TerminologyError, /loinc/);
  });

  it('an import that is not known is a TerminologyError, cached like an expansion', () => {
    const orphan = valueSet('http://example.org/ValueSet/orphan', {
      include: [{ valueSet: ['http://example.org/ValueSet/nowhere'] }],
    });
    const terminology = new Terminology(new MapTerminologySource([orphan]));
    expect(() => terminology.expandUrl(orphan.url ?? '')).to.throw(TerminologyError, /nowhere/);
    expect(() => terminology.expandUrl(orphan.url ?? '')).to.throw(TerminologyError, /nowhere/);
    expect(terminology.expandUrl('http://example.org/ValueSet/unknown')).to.equal(undefined);
  });

  it('expansions are cached per source revision: an added CodeSystem counts at once', () => {
    const source = new MapTerminologySource();
    const terminology = new Terminology(source);
    const sweet = valueSet('http://example.org/ValueSet/sweet', {
      include: [{ system: flavours.url, filter: [{ property: 'sweet', op: '=', value: 'true' }] }],
    });
    source.add(sweet);
    expect(terminology.expandUrl(sweet.url ?? '')?.unchecked.size).to.equal(1);
    source.add(flavours);
    expect(terminology.expandUrl(sweet.url ?? '')?.codes.size).to.equal(2);
  });
});

describe('Terminology — subsumption (codesystem.html#hierarchy)', () => {
  it('below and above follow nested concepts of condition-clinical', () => {
    const base = Terminology.loadBase();
    expect(base.subsumption(CLINICAL, 'active', 'below')).to.have.members(['active', 'recurrence', 'relapse']);
    expect(base.subsumption(CLINICAL, 'relapse', 'above')).to.have.members(['relapse', 'active']);
    expect(() => base.subsumption('http://snomed.info/sct', '404684003', 'below')).to.throw(TerminologyError);
  });
});
