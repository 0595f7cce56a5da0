import { describe, it } from 'mocha';
import { expect } from 'chai';
import { makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** In-place changes of one version, for $meta-add/$meta-delete (resource-operation-meta-add.html). */
export function describeRewriteVersion({ store }: ContractContext): void {
  describe('rewriteVersion (resource-operation-meta-add.html: no new version)', () => {
    const clock = new TestClock();

    it('changes the current version in place: same versionId and lastUpdated, new body and idx', async () => {
      const v1 = makeRecord('Patient', 'p1', '1', clock.tick(), { idx: { _tag: ['a'] } });
      await store().commit([write(v1, null)]);
      const tagged = makeRecord('Patient', 'p1', '1', v1.lastUpdated, {
        idx: { _tag: ['a', 'b'] },
        body: { active: true },
      });
      expect(await store().rewriteVersion(tagged)).to.equal(true);
      expect(await store().read('Patient', 'p1')).to.deep.equal(tagged);
      expect(await store().vread('Patient', 'p1', '1')).to.deep.equal(tagged);
      const found = await store().search({
        resourceTypes: ['Patient'],
        filter: { 'idx._tag': 'b' },
        sort: [],
        offset: 0,
        count: 10,
        total: true,
      });
      expect(found.total).to.equal(1);
      expect((await store().history({ resourceType: 'Patient', id: 'p1', offset: 0, count: 10 })).total).to.equal(1);
    });

    it('changes a historical version without touching the current one', async () => {
      const v1 = makeRecord('Patient', 'p1', '1', clock.tick());
      const v2 = makeRecord('Patient', 'p1', '2', clock.tick());
      await store().commit([write(v1, null)]);
      await store().commit([write(v2, '1')]);
      const old = makeRecord('Patient', 'p1', '1', v1.lastUpdated, { body: { active: false } });
      expect(await store().rewriteVersion(old)).to.equal(true);
      expect(await store().vread('Patient', 'p1', '1')).to.deep.equal(old);
      expect(await store().read('Patient', 'p1')).to.deep.equal(v2);
    });

    it('is false for a version not stored or a delete, and changes nothing', async () => {
      const v1 = makeRecord('Patient', 'p1', '1', clock.tick());
      const gone = makeRecord('Patient', 'p1', '2', clock.tick(), { deleted: true });
      await store().commit([write(v1, null)]);
      await store().commit([write(gone, '1')]);
      expect(await store().rewriteVersion(makeRecord('Patient', 'p1', '2', gone.lastUpdated))).to.equal(false);
      expect(await store().rewriteVersion(makeRecord('Patient', 'nope', '1', gone.lastUpdated))).to.equal(false);
      expect(await store().read('Patient', 'p1')).to.deep.equal(gone);
    });
  });
}
