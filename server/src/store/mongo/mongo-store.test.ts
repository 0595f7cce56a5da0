import { expect } from 'chai';
import { describe, it } from 'mocha';
import { MongoClient } from 'mongodb';
import { describeResourceStoreContract } from '../contract.js';
import { makeRecord, write } from '../contract/fixtures.js';
import { MongoResourceStore } from './mongo-store.js';
import { TestDatabases } from './test-databases.js';

describe('MongoResourceStore', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();

  describeResourceStoreContract('mongo', async (hooks) => {
    const store = new MongoResourceStore({ url: url(), dbName: databases.nextName(), ...hooks });
    await store.init();
    return store;
  });

  it('creates the declared hot indexes at init, the history unique index on first write', async () => {
    const dbName = databases.nextName();
    const store = new MongoResourceStore({ url: url(), dbName, indexes: { Patient: ['idx.identifier', 'idx.name'] } });
    await store.init();
    await store.commit([write(makeRecord('Observation', 'o1', '1', '2026-01-01T00:00:00.000Z'), null)]);
    await store.ping();
    await store.close();
    const client = await MongoClient.connect(url());
    try {
      const db = client.db(dbName);
      const keys = async (collection: string): Promise<string[]> =>
        (await db.collection(collection).listIndexes().toArray()).map(({ key }) =>
          Object.keys(key as object).join('+'),
        );
      expect(await keys('Patient')).to.include.members([
        'lastUpdated',
        'compartments',
        'id+_id',
        'idx.identifier',
        'idx.name',
      ]);
      expect(await keys('Observation_history')).to.include.members(['id+versionId', 'lastUpdated']);
      const unique = (await db.collection('Observation_history').listIndexes().toArray()).find(
        ({ name }) => name === 'id_1_versionId_1',
      );
      expect(unique?.['unique']).to.equal(true);
    } finally {
      await client.close();
    }
  });

  it('stores the documented layout', async () => {
    const dbName = databases.nextName();
    const store = new MongoResourceStore({ url: url(), dbName });
    await store.init();
    await store.commit([
      write(makeRecord('Patient', 'p1', '1', '2026-01-01T00:00:00.000Z', { idx: { name: ['a'] } }), null, 'Patient?x'),
    ]);
    await store.close();
    const client = await MongoClient.connect(url());
    try {
      const db = client.db(dbName);
      const current = await db.collection('Patient').findOne({});
      expect(current).to.include({ _id: 'p1', id: 'p1', versionId: '1', deleted: false });
      expect(await db.collection('Patient_history').findOne({ _id: 'p1/1' as never })).to.include({ id: 'p1' });
      expect(await db.collection('_unique').findOne({})).to.include({
        _id: 'Patient?x',
        resourceType: 'Patient',
        id: 'p1',
      });
      expect(await db.collection('_journal').countDocuments()).to.equal(0);
    } finally {
      await client.close();
    }
  });
});
