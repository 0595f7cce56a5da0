import { describe, it } from 'mocha';
import { expect } from 'chai';
import { countWinners, expectConflict, makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** Create, read, vread, optimistic concurrency, tombstones, round-tripping and isolation. */
export function describeRecords({ store }: ContractContext): void {
  describe('records', () => {
    const clock = new TestClock();

    it('reads back the current version and every version by vread', async () => {
      const v1 = makeRecord('Patient', 'p1', '1', clock.tick(), {
        idx: { name: ['ann'] },
        compartments: ['Patient/p1'],
      });
      const v2 = makeRecord('Patient', 'p1', '2', clock.tick(), {
        idx: { name: ['anne'] },
        compartments: ['Patient/p1'],
      });
      await store().commit([write(v1, null)]);
      await store().commit([write(v2, '1')]);
      expect(await store().read('Patient', 'p1')).to.deep.equal(v2);
      expect(await store().vread('Patient', 'p1', '1')).to.deep.equal(v1);
      expect(await store().vread('Patient', 'p1', '2')).to.deep.equal(v2);
      expect(await store().vread('Patient', 'p1', '3')).to.equal(undefined);
      expect(await store().read('Patient', 'nope')).to.equal(undefined);
      expect(await store().read('Observation', 'p1')).to.equal(undefined);
    });

    it('rejects a write whose expected version does not match, changing nothing', async () => {
      const v1 = makeRecord('Patient', 'p1', '1', clock.tick());
      await store().commit([write(v1, null)]);
      await expectConflict(store().commit([write(makeRecord('Patient', 'p1', '1', clock.tick()), null)]), 'version');
      await expectConflict(store().commit([write(makeRecord('Patient', 'p1', '3', clock.tick()), '2')]), 'version');
      await expectConflict(store().commit([write(makeRecord('Patient', 'p2', '2', clock.tick()), '1')]), 'version');
      expect(await store().read('Patient', 'p1')).to.deep.equal(v1);
      expect(await store().read('Patient', 'p2')).to.equal(undefined);
      expect((await store().history({ offset: 0, count: 10 })).total).to.equal(1);
    });

    it('lets exactly one of 20 concurrent updates of the same version win', async () => {
      await store().commit([write(makeRecord('Patient', 'p1', '1', clock.tick()), null)]);
      const at = clock.tick();
      const contenders = Array.from({ length: 20 }, (_, n) =>
        makeRecord('Patient', 'p1', '2', at, { idx: { contender: [String(n)] } }),
      );
      const outcomes = await Promise.allSettled(contenders.map((record) => store().commit([write(record, '1')])));
      expect(countWinners(outcomes, 'version')).to.equal(1);
      const winner = contenders[outcomes.findIndex(({ status }) => status === 'fulfilled')];
      expect(await store().read('Patient', 'p1')).to.deep.equal(winner);
      expect(await store().vread('Patient', 'p1', '2')).to.deep.equal(winner);
      expect((await store().history({ resourceType: 'Patient', id: 'p1', offset: 0, count: 10 })).total).to.equal(2);
    });

    it('lets exactly one of 20 concurrent creates of the same id win', async () => {
      const at = clock.tick();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => store().commit([write(makeRecord('Patient', 'p1', '1', at), null)])),
      );
      expect(countWinners(outcomes, 'version')).to.equal(1);
      expect((await store().history({ offset: 0, count: 100 })).total).to.equal(1);
    });

    it('keeps a delete as a tombstone version that counts as existing', async () => {
      await store().commit([write(makeRecord('Patient', 'p1', '1', clock.tick(), { idx: { name: ['x'] } }), null)]);
      const tombstone = makeRecord('Patient', 'p1', '2', clock.tick(), { deleted: true });
      await store().commit([write(tombstone, '1')]);
      const read = await store().read('Patient', 'p1');
      expect(read).to.deep.equal(tombstone);
      expect(read).to.not.have.property('resource');
      await expectConflict(store().commit([write(makeRecord('Patient', 'p1', '1', clock.tick()), null)]), 'version');
      const recreated = makeRecord('Patient', 'p1', '3', clock.tick());
      await store().commit([write(recreated, '2')]);
      expect(await store().read('Patient', 'p1')).to.deep.equal(recreated);
      expect(await store().vread('Patient', 'p1', '2')).to.deep.equal(tombstone);
    });

    it('keeps the method and the recreated mark of each version, for history (http.html#history)', async () => {
      const v1 = { ...makeRecord('Patient', 'p1', '1', clock.tick()), method: 'PUT' as const };
      const v2 = { ...makeRecord('Patient', 'p1', '2', clock.tick(), { deleted: true }), method: 'DELETE' as const };
      const v3 = {
        ...makeRecord('Patient', 'p1', '3', clock.tick()),
        method: 'PUT' as const,
        recreated: true as const,
      };
      await store().commit([write(v1, null)]);
      await store().commit([write(v2, '1')]);
      await store().commit([write(v3, '2')]);
      expect(await store().read('Patient', 'p1')).to.deep.equal(v3);
      expect(await store().vread('Patient', 'p1', '1')).to.deep.equal(v1);
      expect(
        (await store().history({ resourceType: 'Patient', id: 'p1', offset: 0, count: 10 })).records,
      ).to.deep.equal([v3, v2, v1]);
    });

    it('round-trips FHIR JSON exactly: primitive extensions, decimals, large integers, unicode', async () => {
      const body = {
        birthDate: '1970-01-01',
        _birthDate: {
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
              valueDateTime: '1970-01-01T05:30:00+01:00',
            },
          ],
        },
        name: [
          { given: ['Zoë', '李'], _given: [null, { extension: [{ url: 'u', valueString: 'x' }] }], family: 'Ørsted' },
        ],
        extension: [
          { url: 'a', valueDecimal: 0.1 },
          { url: 'b', valueDecimal: 1e-7 },
          { url: 'c', valueDecimal: 12345.678 },
          { url: 'd', valueInteger: -2147483648 },
          { url: 'e', valueInteger64: 9007199254740991 },
          { url: 'f', valueDecimal: 3 },
          { url: 'g', valueBoolean: false },
        ],
      };
      const record = makeRecord('Patient', 'p1', '1', clock.tick(), {
        body,
        idx: { birthdate: { lo: ['1970-01-01T00:00:00.000Z'], hi: ['1970-01-01T23:59:59.999Z'] } },
      });
      await store().commit([write(record, null)]);
      const read = await store().read('Patient', 'p1');
      expect(read).to.deep.equal(record);
      expect(JSON.stringify(read?.resource)).to.equal(JSON.stringify(record.resource));
    });

    it('never lets callers mutate stored data', async () => {
      const record = makeRecord('Patient', 'p1', '1', clock.tick(), { idx: { name: ['ann'] }, body: { active: true } });
      const pristine = structuredClone(record);
      await store().commit([write(record, null)]);
      record.idx['name'] = ['changed'];
      (record.resource as { active?: boolean }).active = false;
      const read = await store().read('Patient', 'p1');
      expect(read).to.deep.equal(pristine);
      (read?.idx['name'] as string[]).push('mutated');
      const { records } = await store().search({
        resourceTypes: ['Patient'],
        filter: {},
        sort: [],
        offset: 0,
        count: 10,
        total: false,
      });
      records[0]?.compartments.push('Patient/evil');
      const history = await store().history({ offset: 0, count: 10 });
      history.records[0]?.compartments.push('Patient/evil');
      expect(await store().read('Patient', 'p1')).to.deep.equal(pristine);
      expect(await store().vread('Patient', 'p1', '1')).to.deep.equal(pristine);
    });
  });
}
