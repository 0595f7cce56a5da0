import { beforeEach, describe, it } from 'mocha';
import { expect } from 'chai';
import type { StoreFilter, StoreSort } from '../port.js';
import { makeRecord, searchIds, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** Ranges as search/ stores dates: parallel arrays of lows and highs, one pair per value. */
const range = (...days: string[]): { lo: string[]; hi: string[] } => ({
  lo: days.map((day) => `${day}T00:00:00.000Z`),
  hi: days.map((day) => `${day}T23:59:59.999Z`),
});

const PATIENTS: Record<string, Record<string, unknown>> = {
  p1: {
    name: ['ann', 'smith'],
    family: ['smith'],
    gender: ['female'],
    identifier: ['sys|1'],
    age: [50],
    birthdate: range('1970-01-01'),
    // Composite shape (search/README.md): first component as key, the others in entries.
    'code-value': { 'sys%7Ca': [{ c1: { v: 5, u: ['mg', 'ucum|mg'] } }], 'sys%7Cb': [{ c1: { v: 50, u: ['mg'] } }] },
  },
  p2: {
    name: ['bob', 'jones'],
    family: ['jones'],
    gender: ['male'],
    identifier: ['sys|2', 'other|x'],
    age: [30, 70],
    birthdate: range('1980-05-05'),
    'code-value': { 'sys%7Ca': [{ c1: { v: 50, u: ['g'] } }], 'sys%7Cb': [{ c1: { v: 5, u: ['mg'] } }] },
    window: { '1': [{ c1: 3, c2: 9 }] },
  },
  p3: {
    name: ['carla', 'smith'],
    family: ['smith', 'adams'],
    gender: ['female'],
    age: [45],
    birthdate: range('1990-06-15'),
  },
  p4: { name: ['dave'], gender: ['unknown'], age: [], birthdate: range('1975-01-01', '2000-01-01') },
};

/** Filters over `idx` shapes with every operator the port allows; current, non-deleted only. */
export function describeSearch({ store }: ContractContext): void {
  describe('search', () => {
    const clock = new TestClock();
    const written: Record<string, string> = {};

    beforeEach(async () => {
      for (const [id, idx] of Object.entries(PATIENTS)) {
        written[id] = clock.tick();
        await store().commit([write(makeRecord('Patient', id, '1', written[id] ?? '', { idx }), null)]);
      }
      await store().commit([
        write(makeRecord('Patient', 'p5', '1', clock.tick(), { idx: { name: ['ann'], gender: ['female'] } }), null),
      ]);
      await store().commit([write(makeRecord('Patient', 'p5', '2', clock.tick(), { deleted: true }), '1')]);
      await store().commit([
        write(makeRecord('Observation', 'o1', '1', clock.tick(), { idx: { code: ['loinc|1'] } }), null),
      ]);
    });

    const cases: Array<[string, StoreFilter, string[]]> = [
      ['$eq on an array element', { 'idx.name': 'ann' }, ['p1']],
      ['$in', { 'idx.gender': { $in: ['male', 'unknown'] } }, ['p2', 'p4']],
      ['$nin', { 'idx.gender': { $nin: ['female'] } }, ['p2', 'p4']],
      ['$ne', { 'idx.gender': { $ne: 'female' } }, ['p2', 'p4']],
      ['$regex prefix', { 'idx.name': { $regex: '^ca' } }, ['p3']],
      ['$exists true', { 'idx.identifier': { $exists: true } }, ['p1', 'p2']],
      ['$exists false', { 'idx.identifier': { $exists: false } }, ['p3', 'p4']],
      // search/README.md: `[]` marks a reference present that names nothing searchable (#contained).
      ['$exists true on an empty array', { 'idx.age': { $exists: true } }, ['p1', 'p2', 'p3', 'p4']],
      ['$in never matches an empty array', { 'idx.age': { $in: [30, 45, 50, 70] } }, ['p1', 'p2', 'p3']],
      ['$all', { 'idx.family': { $all: ['smith', 'adams'] } }, ['p3']],
      ['$size', { 'idx.family': { $size: 2 } }, ['p3']],
      // No $elemMatch: FerretDB 1.24 lets different elements satisfy its bounds, like this.
      ['a plain range on an array: any elements per bound', { 'idx.age': { $gte: 40, $lt: 60 } }, ['p1', 'p2', 'p3']],
      [
        'date overlap on dotted lo/hi',
        {
          'idx.birthdate.lo': { $lte: '1970-12-31T23:59:59.999Z' },
          'idx.birthdate.hi': { $gte: '1970-01-01T00:00:00.000Z' },
        },
        ['p1'],
      ],
      // Each dotted bound is matched independently: p4's 1975 low and 2000 high "overlap" the 1980s.
      [
        'dotted bounds over several ranges match independently',
        {
          'idx.birthdate.lo': { $lte: '1989-12-31T23:59:59.999Z' },
          'idx.birthdate.hi': { $gte: '1980-01-01T00:00:00.000Z' },
        },
        ['p2', 'p4'],
      ],
      ['$or', { $or: [{ 'idx.name': 'bob' }, { 'idx.family': 'adams' }] }, ['p2', 'p3']],
      ['$and with $not', { $and: [{ 'idx.family': 'smith' }, { 'idx.name': { $not: { $regex: '^a' } } }] }, ['p3']],
      ['$nor', { $nor: [{ 'idx.gender': 'female' }] }, ['p2', 'p4']],
      ['id $in skips the deleted', { id: { $in: ['p1', 'p4', 'p5'] } }, ['p1', 'p4']],
      ['$gt on a number array', { 'idx.age': { $gt: 60 } }, ['p2']],
      ['a composite key path', { 'idx.code-value.sys%7Ca.c1.v': { $gt: 10 } }, ['p2']],
      [
        'a composite key path and a unit inside the entry',
        { $and: [{ 'idx.code-value.sys%7Ca.c1.v': { $lt: 10 } }, { 'idx.code-value.sys%7Ca.c1.u': 'ucum|mg' }] },
        ['p1'],
      ],
      ['a numeric composite key is a field, not a position', { 'idx.window.1.c2': { $lte: 9 } }, ['p2']],
      ['empty filter', {}, ['p1', 'p2', 'p3', 'p4']],
    ];
    for (const [title, filter, expected] of cases) {
      it(`filters: ${title}`, async () => {
        expect(await searchIds(store(), filter)).to.deep.equal(expected);
      });
    }

    it('filters on lastUpdated', async () => {
      expect(await searchIds(store(), { lastUpdated: { $gt: written['p2'] } })).to.deep.equal(['p3', 'p4']);
    });

    const orders: Array<[string, StoreSort, string[]]> = [
      ['arrays ascending by their least element, missing first', [['idx.family', 1]], ['p4', 'p3', 'p2', 'p1']],
      ['arrays descending by their greatest element, ties by _id', [['idx.family', -1]], ['p1', 'p3', 'p2', 'p4']],
      ['dotted range lows', [['idx.birthdate.lo', 1]], ['p1', 'p4', 'p2', 'p3']],
      ['lastUpdated descending', [['lastUpdated', -1]], ['p4', 'p3', 'p2', 'p1']],
      [
        'several keys',
        [
          ['idx.gender', 1],
          ['lastUpdated', -1],
        ],
        ['p3', 'p1', 'p2', 'p4'],
      ],
      ['numbers descending', [['idx.age', -1]], ['p2', 'p1', 'p3', 'p4']],
    ];
    for (const [title, sort, expected] of orders) {
      it(`sorts: ${title}`, async () => {
        expect(await searchIds(store(), {}, sort)).to.deep.equal(expected);
      });
    }

    it('pages stably through ties with offset and count', async () => {
      const sort: StoreSort = [['idx.gender', 1]];
      const pages: string[] = [];
      for (let offset = 0; offset < 5; offset++) {
        const page = await store().search({
          resourceTypes: ['Patient'],
          filter: {},
          sort,
          offset,
          count: 1,
          total: true,
        });
        expect(page.total).to.equal(4);
        pages.push(...page.records.map(({ id }) => id));
      }
      expect(pages).to.deep.equal(['p1', 'p3', 'p2', 'p4']);
    });

    it('counts only when asked, and count 0 returns only the total', async () => {
      const request = { resourceTypes: ['Patient'], filter: { 'idx.gender': 'female' }, sort: [], offset: 0 };
      expect(await store().search({ ...request, count: 0, total: true })).to.deep.equal({ records: [], total: 2 });
      expect(await store().search({ ...request, count: 10, total: false })).to.not.have.property('total');
    });

    it('searches several types and merges them in one order', async () => {
      const request = {
        resourceTypes: ['Patient', 'Observation', 'Encounter'],
        filter: {},
        sort: [['lastUpdated', -1]] as StoreSort,
      };
      const all = await store().search({ ...request, offset: 0, count: 10, total: true });
      expect(all.records.map(({ resourceType, id }) => `${resourceType}/${id}`)).to.deep.equal([
        'Observation/o1',
        'Patient/p4',
        'Patient/p3',
        'Patient/p2',
        'Patient/p1',
      ]);
      expect(all.total).to.equal(5);
      const page = await store().search({ ...request, offset: 1, count: 2, total: false });
      expect(page.records).to.deep.equal(all.records.slice(1, 3));
    });
  });
}
