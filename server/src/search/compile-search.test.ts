import { describe, it } from 'mocha';
import { expect } from 'chai';
import { Query } from 'mingo';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { compileSearch } from './compile-search.js';
import { parseSearchRequest } from './parse-search-request.js';

const registry = SearchParameterRegistry.loadBase();
const compile = (type: string, query: string) =>
  compileSearch(
    parseSearchRequest(type, [...new URLSearchParams(query)], registry),
    Date.parse('2026-01-01T00:00:00Z'),
  );

/** Every key of a filter, recursively: user input must never become one. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]);
}

describe('compileSearch', () => {
  it('compiles to the port shape with a stable sort', () => {
    expect(compile('Patient', 'gender=female&_count=5&_offset=10&_sort=-birthdate')).to.deep.equal({
      filter: { 'idx.gender': 'female' },
      sort: [
        ['idx.birthdate.lo', -1],
        ['id', 1],
      ],
      offset: 10,
      count: 5,
      total: true,
    });
    expect(compile('Patient', '').filter).to.deep.equal({});
    expect(compile('Patient', '_sort=_id').sort).to.deep.equal([['id', 1]]);
  });

  it('escapes regex input and never lets a value become an operator', () => {
    const { filter } = compile('Patient', 'name=(a%2B)%2B$&family=$where&identifier=$ne|x');
    expect(filter).to.deep.equal({
      $and: [
        { 'idx.name': { $regex: '^\\(a\\+\\)\\+\\$' } },
        { 'idx.family': { $regex: '^\\$where' } },
        { 'idx.identifier': '$ne|x' },
      ],
    });
    expect(keys(filter).filter((k) => k.startsWith('$'))).to.deep.equal(['$and', '$regex', '$regex']);
    const doc = { idx: { name: ['(a+)+$ smith'], family: ['$where'], identifier: ['$ne|x'] } };
    expect(new Query(filter, {}).test(doc)).to.equal(true);
  });

  it('uses only operators FerretDB 1.x evaluates', () => {
    const allowed = new Set([
      '$and',
      '$or',
      '$nor',
      '$not',
      '$eq',
      '$ne',
      '$gt',
      '$gte',
      '$lt',
      '$lte',
      '$in',
      '$nin',
      '$exists',
      '$regex',
      '$options',
      '$all',
      '$size',
    ]);
    const { filter } = compile(
      'Observation',
      'code=a|b,c&code:not=d&code:text=e&subject=1&date=ap2020&date=ne2021&value-quantity=ge5||mg&status:missing=true&_lastUpdated=le2025&_id=x',
    );
    expect(keys(filter).filter((k) => k.startsWith('$') && !allowed.has(k))).to.deep.equal([]);
    expect(
      keys(filter)
        .filter((k) => !k.startsWith('$'))
        .every((k) => /^(id|lastUpdated|idx\.[a-z-]+(:text)?(\.(lo|hi|v|u))?)$/.test(k)),
    ).to.equal(true);
  });

  it('number eq compares both bounds of the precision range (search.html#number)', () => {
    const { filter } = compile('RiskAssessment', 'probability=0.5');
    expect(filter).to.deep.equal({
      $and: [{ 'idx.probability': { $gte: 0.45 } }, { 'idx.probability': { $lt: 0.55 } }],
    });
    const q = new Query(filter, {});
    expect(q.test({ idx: { probability: [0.52] } })).to.equal(true);
    expect(q.test({ idx: { probability: [0.6] } })).to.equal(false);
    expect(q.test({ idx: { probability: [0.4] } })).to.equal(false);
  });

  it('date prefixes compare the stored [lo, hi] range (search.html#prefix)', () => {
    const year2020 = { lo: Date.parse('2020-01-01T00:00:00Z'), hi: Date.parse('2020-12-31T23:59:59.999Z') };
    const doc = {
      idx: { birthdate: [{ lo: Date.parse('2020-06-01T00:00:00Z'), hi: Date.parse('2020-06-01T23:59:59.999Z') }] },
    };
    const matches = (q: string): boolean => new Query(compile('Patient', q).filter, {}).test(doc);
    expect(year2020.lo).to.be.lessThan(year2020.hi);
    expect(
      [
        'birthdate=2020',
        'birthdate=2020-06',
        'birthdate=ge2020-06-01',
        'birthdate=le2020-06-01',
        'birthdate=gt2020-05',
        'birthdate=lt2020-07',
        'birthdate=sa2019',
        'birthdate=eb2021',
        'birthdate=ne2021',
        'birthdate=ap2020-05-25',
      ].map(matches),
    ).to.deep.equal(Array(10).fill(true));
    expect(
      [
        'birthdate=2021',
        'birthdate=gt2020',
        'birthdate=lt2020',
        'birthdate=sa2020',
        'birthdate=eb2020',
        'birthdate=ne2020',
        'birthdate=ap2010',
      ].map(matches),
    ).to.deep.equal(Array(7).fill(false));
  });
});
