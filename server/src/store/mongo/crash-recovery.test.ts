import { expect } from 'chai';
import { describe, it } from 'mocha';
import { MongoClient } from 'mongodb';
import { makeRecord, write } from '../contract/fixtures.js';
import type { CommitStep } from '../fault-injector.js';
import { StoreConflictError } from '../port.js';
import { MongoResourceStore } from './mongo-store.js';
import { TestDatabases } from './test-databases.js';

const KEY = 'Patient?identifier=s|new';

/**
 * A crash is simulated by failing a step and then failing the rollback too, as a lost connection
 * would: the unit stays half-applied with its journal, and a new store on the same database
 * must roll it back in `init()`.
 */
describe('MongoResourceStore crash recovery', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();

  /** Commits a two-write unit that "crashes" at `crashAt`, leaving it for recovery. */
  async function crashedUnit(dbName: string, crashAt: CommitStep, index: number): Promise<MongoResourceStore> {
    const crashing = new MongoResourceStore({
      url: url(),
      dbName,
      faultInjector: (step, at) => {
        if ((step === crashAt && at === index) || step === 'rollback') throw new Error(`crash at ${step}`);
      },
    });
    await crashing.init();
    await crashing.commit([write(makeRecord('Patient', 'old', '1', '2026-01-01T00:00:00.000Z'), null)]);
    const error: unknown = await crashing
      .commit([
        write(makeRecord('Patient', 'old', '2', '2026-01-01T00:00:01.000Z'), '1'),
        write(makeRecord('Patient', 'new', '1', '2026-01-01T00:00:02.000Z'), null, KEY),
      ])
      .catch((e: unknown) => e);
    expect(error)
      .to.be.instanceOf(Error)
      .with.property('message')
      .that.matches(/left for recovery/);
    return crashing;
  }

  async function expectRolledBack(dbName: string): Promise<void> {
    // The crashed owner is gone (closed), so nothing stale-heartbeat waiting is needed: 0 takes
    // every journal at once, as a single process restarting after a crash is configured.
    const recovering = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 0 });
    await recovering.init();
    try {
      expect((await recovering.read('Patient', 'old'))?.versionId).to.equal('1');
      expect(await recovering.read('Patient', 'new')).to.equal(undefined);
      expect(
        (await recovering.history({ offset: 0, count: 10 })).records.map(({ id, versionId }) => `${id}/${versionId}`),
      ).to.deep.equal(['old/1']);
      await recovering.commit([write(makeRecord('Patient', 'other', '1', '2026-01-01T00:00:03.000Z'), null, KEY)]);
    } finally {
      await recovering.close();
    }
    const client = await MongoClient.connect(url());
    try {
      expect(await client.db(dbName).collection('_journal').countDocuments()).to.equal(0);
    } finally {
      await client.close();
    }
  }

  it('rolls back a unit that crashed half-applied', async () => {
    const dbName = databases.nextName();
    const crashing = await crashedUnit(dbName, 'current', 1);
    // Half-applied until recovery: the first write landed, the second claimed its key and history.
    expect((await crashing.read('Patient', 'old'))?.versionId).to.equal('2');
    expect((await crashing.vread('Patient', 'new', '1'))?.id).to.equal('new');
    await crashing.close();
    await expectRolledBack(dbName);
  });

  it('rolls back a unit that crashed after applying everything but before finishing', async () => {
    const dbName = databases.nextName();
    const crashing = await crashedUnit(dbName, 'finish', 2);
    expect((await crashing.read('Patient', 'new'))?.versionId).to.equal('1');
    await crashing.close();
    await expectRolledBack(dbName);
  });

  it('never hands a key held by an unfinished unit to a writer that calls its holder stale', async () => {
    const dbName = databases.nextName();
    const crashing = await crashedUnit(dbName, 'current', 1);
    await crashing.close();
    // The crashed unit is still journalled (its heartbeat is fresh): to everyone else it is a
    // unit in flight, whose resource a condition's search may simply not have seen yet.
    const other = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 60_000 });
    await other.init();
    try {
      const taker = write(makeRecord('Patient', 'taker', '1', '2026-01-01T00:00:03.000Z'), null, KEY);
      const error: unknown = await other.commit([{ ...taker, staleUniqueKeyHolder: 'new' }]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(StoreConflictError).with.property('kind', 'unique');
      expect((error as StoreConflictError).holderId, 'no holder named while it is in flight').to.equal(undefined);
      expect(await other.read('Patient', 'taker')).to.equal(undefined);
    } finally {
      await other.close();
    }
    await expectRolledBack(dbName);
  });

  it('leaves journals whose heartbeat is younger than recoverAfterMs to their owner', async () => {
    const dbName = databases.nextName();
    const crashing = await crashedUnit(dbName, 'current', 1);
    await crashing.close();
    const patient = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 60_000 });
    await patient.init();
    expect((await patient.read('Patient', 'old'))?.versionId).to.equal('2');
    await patient.close();
    await expectRolledBack(dbName);
  });
});
