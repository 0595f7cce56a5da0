import { describe, it } from 'mocha';
import { expect } from 'chai';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { parseSearchRequest } from './parse-search-request.js';

const registry = SearchParameterRegistry.loadBase();
const parse = (type: string, query: string) => parseSearchRequest(type, [...new URLSearchParams(query)], registry);

function rejects(type: string, query: string, param: string): OperationOutcomeError {
  try {
    parse(type, query);
  } catch (e) {
    expect(e).to.be.instanceOf(OperationOutcomeError);
    const error = e as OperationOutcomeError;
    expect(error.outcome.issue[0]?.expression).to.deep.equal([param]);
    return error;
  }
  throw new Error(`${query} was accepted`);
}

describe('parseSearchRequest', () => {
  it('ORs comma values and ANDs repeated parameters, honouring \\, escapes', () => {
    const q = parse('Patient', 'name=a,b&name=c\\,d');
    expect(q.criteria.map((c) => c.values)).to.deep.equal([
      [
        { kind: 'string', match: 'start', value: 'a' },
        { kind: 'string', match: 'start', value: 'b' },
      ],
      [{ kind: 'string', match: 'start', value: 'c,d' }],
    ]);
  });

  it('parses token forms (search.html#token)', () => {
    const values = parse('Observation', 'code=http://loinc.org|1-2,3-4,|5,http://loinc.org|').criteria[0]?.values;
    expect(values).to.deep.equal([
      { kind: 'token', system: 'http://loinc.org', code: '1-2' },
      { kind: 'token', code: '3-4' },
      { kind: 'token', system: '', code: '5' },
      { kind: 'token', system: 'http://loinc.org' },
    ]);
    expect(parse('Observation', 'code:not=x').criteria[0]?.negate).to.equal(true);
  });

  it('parses references: Type/id, bare id (typed when the parameter has one target), :Type, absolute', () => {
    const values = (q: string) => parse('Observation', q).criteria[0]?.values;
    expect(values('subject=Patient/1/_history/2')).to.deep.equal([{ kind: 'reference', reference: 'Patient/1' }]);
    expect(values('subject=1')).to.deep.equal([{ kind: 'reference-id', id: '1' }]);
    expect(values('patient=1')).to.deep.equal([{ kind: 'reference', reference: 'Patient/1' }]);
    expect(values('subject:Group=1')).to.deep.equal([{ kind: 'reference', reference: 'Group/1' }]);
    expect(values('subject=http://other.org/fhir/Patient/1')).to.deep.equal([
      { kind: 'reference', reference: 'http://other.org/fhir/Patient/1' },
    ]);
    rejects('Observation', 'subject:Group=Patient/1', 'subject:Group');
  });

  it('parses date and number prefixes, quantities with units', () => {
    const [date] = parse('Patient', 'birthdate=ge2002-10').criteria[0]?.values ?? [];
    expect(date).to.deep.include({ kind: 'date', prefix: 'ge', lo: Date.parse('2002-10-01T00:00:00Z') });
    const [quantity] =
      parse('Observation', 'value-quantity=lt5.4|http://unitsofmeasure.org|mg').criteria[0]?.values ?? [];
    // A UCUM unit is compared in base units (search.html#quantity): 5.4 mg = 0.0054 g.
    expect(quantity).to.deep.include({ kind: 'quantity', prefix: 'lt', unit: 'g', canonical: true });
    expect((quantity as { value: number }).value).to.be.closeTo(0.0054, 1e-12);
    const [other] = parse('Observation', 'value-quantity=5|urn:units|mg').criteria[0]?.values ?? [];
    expect(other).to.deep.include({ value: 5, unit: 'urn:units|mg' });
    const [bare] = parse('Observation', 'value-quantity=5||mg').criteria[0]?.values ?? [];
    expect(bare).to.deep.include({ prefix: 'eq', unit: 'mg' });
  });

  it('rejects bad values with invalid (400) naming the parameter', () => {
    expect(rejects('Patient', 'birthdate=2002-13-01', 'birthdate').status).to.equal(400);
    rejects('Patient', 'birthdate=xx2002', 'birthdate');
    rejects('RiskAssessment', 'probability=abc', 'probability');
    rejects('Patient', 'gender:missing=maybe', 'gender:missing');
    rejects('Patient', '_count=-1', '_count');
    rejects('Observation', 'value-quantity=5|||', 'value-quantity');
    rejects('Patient', '_total=all', '_total');
    rejects('Patient', '_sort=nonsense', '_sort');
    expect(rejects('Patient', 'name:below=x', 'name:below').outcome.issue[0]?.code).to.equal('not-supported');
  });

  it('collects unknown and unsupported parameter names instead of failing', () => {
    const q = parse('Patient', 'foo=1&general-practitioner.x=x&_has:Observation:patient:x=1&_text=x&name=a');
    expect(q.unknownParams).to.deep.equal(['foo', 'general-practitioner.x', '_has:Observation:patient:x', '_text']);
    expect(q.criteria).to.have.length(1);
  });

  it('handles result parameters: _count default/clamp, _offset, _sort, _total, _summary=count', () => {
    expect(parse('Patient', '')).to.deep.include({ count: 20, offset: 0, total: 'accurate' });
    const clamped = parse('Patient', '_count=5000&_offset=40&_sort=-_lastUpdated,birthdate&_total=none');
    expect(clamped).to.deep.include({ count: 1000, offset: 40, total: 'none' });
    expect(clamped.warnings).to.have.length(1);
    expect(clamped.sort.map((k) => [k.code, k.direction])).to.deep.equal([
      ['_lastUpdated', -1],
      ['birthdate', 1],
    ]);
    expect(parse('Patient', '_summary=count')).to.deep.include({ count: 0, total: 'accurate' });
    expect(parse('Patient', '_format=json&_pretty=true').unknownParams).to.deep.equal([]);
  });

  it('clamps any non-negative _count, however large, with an informational warning (search.html#count)', () => {
    for (const value of ['2147483647', '1000000000', '99999999999999999999999']) {
      const q = parse('Patient', `_count=${value}`);
      expect(q.count, value).to.equal(1000);
      expect(q.warnings, value).to.have.length(1);
    }
    expect(parse('Patient', '_count=0005').count).to.equal(5);
  });

  it('lists in `applied` what took effect: not unknown names nor empty values; a repeated result parameter once', () => {
    const q = parse('Patient', 'name:exact=A&_has:Observation:patient:x=1&gender=&_sort=name&_sort=-name');
    expect(q.applied).to.deep.equal([
      ['name:exact', 'A'],
      ['_sort', '-name'],
    ]);
    expect(q.unknownParams).to.deep.equal(['_has:Observation:patient:x']);
  });

  it('ignores empty values', () => {
    expect(parse('Patient', 'name=&gender=').criteria).to.deep.equal([]);
  });
});
