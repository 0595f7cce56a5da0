import { beforeEach, describe, it } from 'mocha';
import { expect } from 'chai';
import type { ResourceRecord } from '../port.js';
import { makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

const label = ({ resourceType, id, versionId }: ResourceRecord): string => `${resourceType}/${id}/${versionId}`;

/** Instance, type and system history: newest first, since, offset/count, total. */
export function describeHistory({ store }: ContractContext): void {
  describe('history', () => {
    const clock = new TestClock();
    const instants: string[] = [];

    /** Six versions over two types, in this order: Pa1 Ob1 Pa2 Pb1 Ob2 Pa3(deleted). */
    beforeEach(async () => {
      const at = (): string => {
        const instant = clock.tick();
        instants.push(instant);
        return instant;
      };
      instants.length = 0;
      await store().commit([write(makeRecord('Patient', 'a', '1', at()), null)]);
      await store().commit([write(makeRecord('Observation', 'o', '1', at()), null)]);
      await store().commit([write(makeRecord('Patient', 'a', '2', at()), '1')]);
      await store().commit([write(makeRecord('Patient', 'b', '1', at()), null)]);
      await store().commit([write(makeRecord('Observation', 'o', '2', at()), '1')]);
      await store().commit([write(makeRecord('Patient', 'a', '3', at(), { deleted: true }), '2')]);
    });

    it('lists one instance newest first, tombstone included', async () => {
      const result = await store().history({ resourceType: 'Patient', id: 'a', offset: 0, count: 10 });
      expect(result.records.map(label)).to.deep.equal(['Patient/a/3', 'Patient/a/2', 'Patient/a/1']);
      expect(result.records[0]?.deleted).to.equal(true);
      expect(result.total).to.equal(3);
    });

    it('lists one type newest first', async () => {
      const result = await store().history({ resourceType: 'Patient', offset: 0, count: 10 });
      expect(result.records.map(label)).to.deep.equal(['Patient/a/3', 'Patient/b/1', 'Patient/a/2', 'Patient/a/1']);
      expect(result.total).to.equal(4);
    });

    it('lists the whole system newest first across types', async () => {
      const result = await store().history({ offset: 0, count: 10 });
      expect(result.records.map(label)).to.deep.equal([
        'Patient/a/3',
        'Observation/o/2',
        'Patient/b/1',
        'Patient/a/2',
        'Observation/o/1',
        'Patient/a/1',
      ]);
      expect(result.total).to.equal(6);
    });

    it('keeps only the listed types and the versions matching filter (what a confined caller sees)', async () => {
      const observations = await store().history({ resourceTypes: ['Observation', 'Nope'], offset: 0, count: 10 });
      expect(observations.records.map(label)).to.deep.equal(['Observation/o/2', 'Observation/o/1']);
      const filtered = await store().history({ filter: { id: { $in: ['a', 'o'] } }, offset: 0, count: 2 });
      expect(filtered.records.map(label)).to.deep.equal(['Patient/a/3', 'Observation/o/2']);
      expect(filtered.total).to.equal(5);
      expect((await store().history({ resourceTypes: [], offset: 0, count: 10 })).total).to.equal(0);
    });

    it('keeps only versions strictly after since, in any instant spelling', async () => {
      const since = instants[2] ?? '';
      const system = await store().history({ since, offset: 0, count: 10 });
      expect(system.records.map(label)).to.deep.equal(['Patient/a/3', 'Observation/o/2', 'Patient/b/1']);
      expect(system.total).to.equal(3);
      const noMillis = since.replace('.000Z', 'Z');
      const instance = await store().history({
        resourceType: 'Patient',
        id: 'a',
        since: noMillis,
        offset: 0,
        count: 10,
      });
      expect(instance.records.map(label)).to.deep.equal(['Patient/a/3']);
      const offsetForm = since.replace('.000Z', '.000+00:00');
      expect(
        (await store().history({ resourceType: 'Patient', since: offsetForm, offset: 0, count: 10 })).total,
      ).to.equal(2);
    });

    it('keeps only versions at or before until, alone or with since (for _at)', async () => {
      const until = (instants[2] ?? '').replace('.000Z', 'Z');
      const system = await store().history({ until, offset: 0, count: 10 });
      expect(system.records.map(label)).to.deep.equal(['Patient/a/2', 'Observation/o/1', 'Patient/a/1']);
      const window = await store().history({ since: instants[0] ?? '', until, offset: 0, count: 10 });
      expect(window.records.map(label)).to.deep.equal(['Patient/a/2', 'Observation/o/1']);
      expect(window.total).to.equal(2);
    });

    it('pages with offset and count, total unaffected', async () => {
      const all = (await store().history({ offset: 0, count: 10 })).records.map(label);
      const pages: string[] = [];
      for (let offset = 0; offset < 8; offset += 4) {
        const page = await store().history({ offset, count: 4 });
        expect(page.total).to.equal(6);
        pages.push(...page.records.map(label));
      }
      expect(pages).to.deep.equal(all);
      const counted = await store().history({ resourceType: 'Patient', offset: 1, count: 0 });
      expect(counted).to.deep.equal({ records: [], total: 4 });
    });

    it('orders versions written in the same millisecond by version, 10 before 9', async () => {
      const at = clock.tick();
      await store().commit([write(makeRecord('Patient', 'fast', '1', at), null)]);
      for (let version = 2; version <= 11; version++) {
        await store().commit([write(makeRecord('Patient', 'fast', String(version), at), String(version - 1))]);
      }
      const result = await store().history({ resourceType: 'Patient', id: 'fast', offset: 0, count: 3 });
      expect(result.records.map(({ versionId }) => versionId)).to.deep.equal(['11', '10', '9']);
      expect(result.total).to.equal(11);
    });
  });
}
