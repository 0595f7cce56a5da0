import { describe, it } from 'mocha';
import { expect } from 'chai';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { parseSearchRequest } from './parse-search-request.js';
import type { JoinCriterion } from './search-query.js';

const registry = SearchParameterRegistry.loadBase();
const parse = (type: string, query: string) => parseSearchRequest(type, [...new URLSearchParams(query)], registry);
const join = (type: string, query: string): JoinCriterion => {
  const [first] = parse(type, query).joins;
  if (first === undefined) throw new Error(`${query} parsed to no join`);
  return first;
};

describe('parseJoin — chains, _has and _list as SearchQuery joins', () => {
  it('a typed chain nests one query per level (search.html#chaining)', () => {
    const chain = join('Observation', 'subject:Patient.organization.name=acme');
    expect(chain).to.deep.include({ kind: 'chain', code: 'subject', name: 'subject:Patient.organization.name' });
    const [patient] = chain.kind === 'chain' ? chain.targets : [];
    expect(patient?.resourceType).to.equal('Patient');
    const inner = patient?.joins[0];
    expect(inner?.kind === 'chain' && inner.targets.map((t) => [t.resourceType, t.criteria[0]?.code])).to.deep.equal([
      ['Organization', 'name'],
    ]);
  });

  it('an untyped chain keeps the target types that define the inner parameter', () => {
    const chain = join('Observation', 'subject.name=x');
    expect(chain.kind === 'chain' && chain.targets.map((t) => t.resourceType).sort()).to.deep.equal([
      'Location',
      'Patient',
    ]);
  });

  it('a reference to any type chains typed (Provenance.target)', () => {
    expect(join('Provenance', 'target:Patient.name=x').kind).to.equal('chain');
  });

  it('_has parses the inner parameter on the referring type, nested (search.html#has)', () => {
    const has = join('Organization', '_has:Patient:organization:_has:Observation:patient:code=1');
    expect(has).to.deep.include({ kind: 'has', code: 'organization' });
    const inner = has.kind === 'has' ? has.query.joins[0] : undefined;
    expect(inner).to.deep.include({ kind: 'has', code: 'patient' });
  });

  it('result parameters cannot be chained (400); unknown inner parameters are unknown (search.html#errors)', () => {
    expect(() => parse('Observation', 'subject._sort=x')).to.throw(OperationOutcomeError);
    expect(parse('Observation', 'subject.nope=1').unknownParams).to.deep.equal(['subject.nope']);
  });

  it('_list takes List ids; functional lists are not supported (search.html#list)', () => {
    expect(join('Patient', '_list=a,b')).to.deep.equal({ kind: 'list', name: '_list', ids: ['a', 'b'] });
    expect(() => parse('Patient', '_list=$current-allergies')).to.throw(OperationOutcomeError);
  });
});

describe('parseInclude (search.html#include)', () => {
  it('reads :iterate, :recurse, a target type and *', () => {
    const q = parse(
      'Observation',
      '_include=Observation:subject:Patient&_include:recurse=Patient:organization&_revinclude:iterate=Provenance:*&_include=*',
    );
    expect(q.include).to.deep.equal([
      { reverse: false, iterate: false, sourceType: 'Observation', code: 'subject', targetType: 'Patient' },
      { reverse: false, iterate: true, sourceType: 'Patient', code: 'organization' },
      { reverse: true, iterate: true, sourceType: 'Provenance', code: '*' },
      { reverse: false, iterate: false, sourceType: '*', code: '*' },
    ]);
  });

  it('rejects what names no reference', () => {
    for (const value of ['Observation', 'Observation:code', 'Nope:subject', 'Observation:subject:Organization']) {
      expect(() => parse('Observation', `_include=${value}`), value).to.throw(OperationOutcomeError);
    }
  });
});
