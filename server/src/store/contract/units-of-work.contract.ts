import { describe, it } from 'mocha';
import { expect } from 'chai';
import { countWinners, expectConflict, makeRecord, searchIds, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** Several writes all or nothing, conditional-create keys, and failures injected mid-unit. */
export function describeUnitsOfWork({ store, makeStore }: ContractContext): void {
  describe('units of work', () => {
    const clock = new TestClock();
    const systemHistorySize = async (): Promise<number> => (await store().history({ offset: 0, count: 0 })).total;

    it('applies every write of a unit', async () => {
      await store().commit([
        write(makeRecord('Patient', 'p1', '1', clock.tick()), null),
        write(makeRecord('Observation', 'o1', '1', clock.tick(), { compartments: ['Patient/p1'] }), null),
      ]);
      expect((await store().read('Patient', 'p1'))?.versionId).to.equal('1');
      expect((await store().read('Observation', 'o1'))?.compartments).to.deep.equal(['Patient/p1']);
    });

    it('applies none when a later write conflicts, history clean', async () => {
      const existing = makeRecord('Patient', 'y', '1', clock.tick());
      await store().commit([write(existing, null)]);
      await expectConflict(
        store().commit([
          write(makeRecord('Patient', 'x', '1', clock.tick()), null, 'Patient?identifier=s|x'),
          write(makeRecord('Patient', 'y', '3', clock.tick()), '2'),
        ]),
        'version',
      );
      expect(await store().read('Patient', 'x')).to.equal(undefined);
      expect(await store().read('Patient', 'y')).to.deep.equal(existing);
      expect(await systemHistorySize()).to.equal(1);
      await store().commit([write(makeRecord('Patient', 'z', '1', clock.tick()), null, 'Patient?identifier=s|x')]);
    });

    it('rejects a unit that writes one resource twice', async () => {
      const twice = [
        write(makeRecord('Patient', 'p', '1', clock.tick()), null),
        write(makeRecord('Patient', 'p', '2', clock.tick()), '1'),
      ];
      const error: unknown = await store()
        .commit(twice)
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error).with.property('message').that.matches(/twice/);
      expect(await systemHistorySize()).to.equal(0);
    });

    it('lets exactly one of 20 concurrent conditional creates with one key win', async () => {
      const key = 'Patient?identifier=http://example.org/mrn|123';
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          store().commit([write(makeRecord('Patient', `c${n}`, '1', clock.tick()), null, key)]),
        ),
      );
      expect(countWinners(outcomes, 'unique')).to.equal(1);
      const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(losers.every(({ reason }) => (reason as { uniqueKey?: string }).uniqueKey === key)).to.equal(true);
      expect(await searchIds(store(), {})).to.have.length(1);
      expect(await systemHistorySize()).to.equal(1);
    });

    it('takes a key over once its owner is deleted, not before', async () => {
      const key = 'Patient?identifier=s|1';
      await store().commit([write(makeRecord('Patient', 'first', '1', clock.tick()), null, key)]);
      await store().commit([write(makeRecord('Patient', 'first', '2', clock.tick()), '1')]);
      const conflict = await expectConflict(
        store().commit([write(makeRecord('Patient', 'second', '1', clock.tick()), null, key)]),
        'unique',
      );
      expect(conflict.uniqueKey).to.equal(key);
      await store().commit([write(makeRecord('Patient', 'first', '3', clock.tick(), { deleted: true }), '2')]);
      await store().commit([write(makeRecord('Patient', 'second', '1', clock.tick()), null, key)]);
      await expectConflict(
        store().commit([write(makeRecord('Patient', 'third', '1', clock.tick()), null, key)]),
        'unique',
      );
    });

    it('takes a key over from a live holder only when the write names it as stale', async () => {
      const key = 'Patient?identifier=s|stale';
      await store().commit([write(makeRecord('Patient', 'holder', '1', clock.tick()), null, key)]);
      const conflict = await expectConflict(
        store().commit([write(makeRecord('Patient', 'taker', '1', clock.tick()), null, key)]),
        'unique',
      );
      expect(conflict.holderId).to.equal('holder');
      const wrongHolder = {
        ...write(makeRecord('Patient', 'taker', '1', clock.tick()), null, key),
        staleUniqueKeyHolder: 'other',
      };
      await expectConflict(store().commit([wrongHolder]), 'unique');
      const named = {
        ...write(makeRecord('Patient', 'taker', '1', clock.tick()), null, key),
        staleUniqueKeyHolder: 'holder',
      };
      await store().commit([named]);
      const after = await expectConflict(
        store().commit([write(makeRecord('Patient', 'late', '1', clock.tick()), null, key)]),
        'unique',
      );
      expect(after.holderId).to.equal('taker');
    });

    for (const step of ['unique', 'history', 'current'] as const) {
      it(`undoes everything when the second write fails at its ${step} step`, async () => {
        const failing = await makeStore({
          faultInjector: (at, index) => {
            if (at === step && index === 1) throw new Error(`injected at ${at}`);
          },
        });
        const before = makeRecord('Patient', 'kept', '1', clock.tick());
        await failing.commit([write(before, null)]);
        const unit = [
          write(makeRecord('Patient', 'kept', '2', clock.tick()), '1', 'Patient?identifier=s|kept'),
          write(makeRecord('Patient', 'new', '1', clock.tick()), null, 'Patient?identifier=s|new'),
        ];
        const error: unknown = await failing.commit(unit).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(Error).with.property('message', `injected at ${step}`);
        expect(await failing.read('Patient', 'kept')).to.deep.equal(before);
        expect(await failing.read('Patient', 'new')).to.equal(undefined);
        expect(
          (await failing.history({ offset: 0, count: 10 })).records.map(({ versionId }) => versionId),
        ).to.deep.equal(['1']);
        // Both keys were released: an ordinary store on the same data could claim them.
        await failing.commit([
          write(makeRecord('Patient', 'other', '1', clock.tick()), null, 'Patient?identifier=s|new'),
        ]);
        await failing.commit([
          write(makeRecord('Patient', 'other2', '1', clock.tick()), null, 'Patient?identifier=s|kept'),
        ]);
      });
    }
  });
}
