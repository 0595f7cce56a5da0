import { beforeEach, describe, it } from 'mocha';
import { expect } from 'chai';
import { makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

const NOW = '2026-06-01T00:00:00.000Z';
const LATER = '2026-06-01T01:00:00.000Z';

/** searchKeys (sub-searches, snapshots) and search sets (stable paging, http.html#paging). */
export function describeSearchSets({ store }: ContractContext): void {
  describe('search keys', () => {
    beforeEach(async () => {
      const clock = new TestClock();
      const patients: Array<[string, string[]]> = [
        ['p1', ['Organization/o1']],
        ['p2', ['Organization/o2', 'Organization/o1']],
        ['p3', []],
      ];
      for (const [id, organization] of patients) {
        await store().commit([write(makeRecord('Patient', id, '1', clock.tick(), { idx: { organization } }), null)]);
      }
      await store().commit([write(makeRecord('Patient', 'p4', '1', clock.tick(), { idx: {} }), null)]);
      await store().commit([write(makeRecord('Patient', 'p4', '2', clock.tick(), { deleted: true }), '1')]);
      await store().commit([write(makeRecord('Group', 'g1', '1', clock.tick(), { idx: {} }), null)]);
    });

    it('returns the identities of current matches in order, up to the limit', async () => {
      const keys = await store().searchKeys({ resourceTypes: ['Patient'], filter: {}, sort: [['_id', -1]], limit: 2 });
      expect(keys).to.deep.equal([
        { resourceType: 'Patient', id: 'p3' },
        { resourceType: 'Patient', id: 'p2' },
      ]);
    });

    it('returns the values of the asked idx field (empty when absent)', async () => {
      const keys = await store().searchKeys({
        resourceTypes: ['Patient'],
        filter: { 'idx.organization': 'Organization/o1' },
        sort: [['_id', 1]],
        limit: 10,
        field: 'organization',
      });
      expect(keys.map((k) => k.values)).to.deep.equal([['Organization/o1'], ['Organization/o2', 'Organization/o1']]);
    });

    it('sorts by an idx field and returns another one', async () => {
      const keys = await store().searchKeys({
        resourceTypes: ['Patient', 'Group'],
        filter: {},
        sort: [['idx.organization', -1]],
        limit: 3,
        field: 'organization',
      });
      expect(keys.map((k) => [k.id, k.values])).to.deep.equal([
        ['p2', ['Organization/o2', 'Organization/o1']],
        ['p1', ['Organization/o1']],
        ['g1', []],
      ]);
    });

    it('merges several types in one order', async () => {
      const keys = await store().searchKeys({
        resourceTypes: ['Patient', 'Group'],
        filter: {},
        sort: [['lastUpdated', -1]],
        limit: 3,
      });
      expect(keys.map((k) => `${k.resourceType}/${k.id}`)).to.deep.equal(['Group/g1', 'Patient/p3', 'Patient/p2']);
    });
  });

  describe('search sets', () => {
    it('reads back any slice of a saved set, with its size and total', async () => {
      const keys = Array.from({ length: 2500 }, (_, i) => `Patient/p${i}`);
      await store().saveSearchSet({ id: 's1', keys, expiresAt: LATER, total: 3000 });
      expect(await store().readSearchSet('s1', 0, 2, NOW)).to.deep.equal({
        keys: ['Patient/p0', 'Patient/p1'],
        size: 2500,
        total: 3000,
      });
      // Across the store's internal chunks, and past the end.
      const slice = await store().readSearchSet('s1', 990, 1020, NOW);
      expect(slice?.keys).to.deep.equal(keys.slice(990, 2010));
      expect((await store().readSearchSet('s1', 2490, 20, NOW))?.keys).to.deep.equal(keys.slice(2490));
      expect((await store().readSearchSet('s1', 2600, 20, NOW))?.keys).to.deep.equal([]);
    });

    it('an empty set, and one without total', async () => {
      await store().saveSearchSet({ id: 's0', keys: [], expiresAt: LATER });
      expect(await store().readSearchSet('s0', 0, 10, NOW)).to.deep.equal({ keys: [], size: 0 });
    });

    it('an unknown or expired set reads as undefined', async () => {
      await store().saveSearchSet({ id: 's2', keys: ['Patient/p1'], expiresAt: LATER });
      expect(await store().readSearchSet('nope', 0, 10, NOW)).to.equal(undefined);
      expect(await store().readSearchSet('s2', 0, 10, LATER)).to.equal(undefined);
    });
  });
}
