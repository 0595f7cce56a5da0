import { beforeEach, describe, it } from 'mocha';
import { expect } from 'chai';
import type { Access } from '../../auth/access.js';
import { ConfinedStore } from '../../auth/confined-store.js';
import { parseScopes } from '../../auth/scopes.js';
import type { ResourceStore } from '../port.js';
import { makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

const patientToken = (scope: string): Access => ({
  mode: 'smart',
  roles: new Set(),
  scopes: parseScopes(scope, () => true),
  patient: 'p1',
});

/**
 * The store conditions of a patient token's confinement (auth/confined-store.ts), evaluated by
 * the backend itself (FerretDB 1.x included): compartment membership, the Patient type by id,
 * no Patient linking to the launch patient in a several-type search, versions in history by
 * their own compartments (SMART scopes-and-launch-context.html#patient-specific-scopes).
 */
export function describeConfinement({ store }: ContractContext): void {
  describe('confinement to a patient compartment (a ConfinedStore over this backend)', () => {
    const clock = new TestClock();
    let confined: ResourceStore;

    beforeEach(async () => {
      const commit = (type: string, id: string, compartments: string[], idx: Record<string, unknown> = {}) =>
        store().commit([write(makeRecord(type, id, '1', clock.tick(), { compartments, idx }), null)]);
      await commit('Patient', 'p1', ['Patient/p1']);
      await commit('Patient', 'p2', ['Patient/p2']);
      await commit('Patient', 'p3', ['Patient/p3', 'Patient/p1'], { link: ['Patient/p1'] });
      await commit('Observation', 'o1', ['Patient/p1']);
      await commit('Observation', 'o2', ['Patient/p2']);
      await commit('Practitioner', 'dr', []);
      await store().commit([
        write(makeRecord('Observation', 'o2', '2', clock.tick(), { compartments: ['Patient/p1'] }), '1'),
      ]);
      await store().commit([
        write(makeRecord('Observation', 'o2', '3', clock.tick(), { compartments: ['Patient/p2'] }), '2'),
      ]);
      confined = new ConfinedStore(store(), patientToken('patient/*.rs'));
    });

    it('searches one type within the compartment, the Patient type by its id, with totals', async () => {
      const search = (type: string) =>
        confined.search({ resourceTypes: [type], filter: {}, sort: [['id', 1]], offset: 0, count: 10, total: true });
      const observations = await search('Observation');
      expect(observations.records.map((r) => r.id)).to.deep.equal(['o1']);
      expect(observations.total).to.equal(1);
      expect((await search('Patient')).records.map((r) => r.id)).to.deep.equal(['p1']);
      expect((await search('Practitioner')).total).to.equal(0);
    });

    it('searches several types within the compartment, without the Patients that link to it', async () => {
      const keys = await confined.searchKeys({
        resourceTypes: ['Observation', 'Patient', 'Practitioner'],
        filter: {},
        sort: [['id', 1]],
        limit: 10,
      });
      expect(keys.map((k) => `${k.resourceType}/${k.id}`)).to.deep.equal(['Observation/o1', 'Patient/p1']);
    });

    it('reads only members, and history only the versions that were in the compartment', async () => {
      expect(await confined.read('Observation', 'o2')).to.equal(undefined);
      expect((await confined.vread('Observation', 'o2', '2'))?.versionId).to.equal('2');
      const history = await confined.history({ resourceType: 'Observation', offset: 0, count: 10 });
      expect(history.records.map((r) => `${r.id}/${r.versionId}`)).to.deep.equal(['o2/2', 'o1/1']);
      expect(history.total).to.equal(2);
      const system = await confined.history({ resourceTypes: ['Patient', 'Observation'], offset: 0, count: 10 });
      expect(system.records.map((r) => `${r.resourceType}/${r.id}/${r.versionId}`)).to.deep.equal([
        'Observation/o2/2',
        'Observation/o1/1',
        'Patient/p1/1',
      ]);
    });
  });
}
