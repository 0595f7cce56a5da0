import { expect } from 'chai';
import { describe, it } from 'mocha';
import { MongoClient } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeRecord, write } from '../contract/fixtures.js';
import type { CommitStep } from '../fault-injector.js';
import { StoreUnitRolledBackError } from '../port.js';
import { MongoResourceStore } from './mongo-store.js';
import { TestDatabases } from './test-databases.js';

const KEY = 'Patient?identifier=s|new';
const OLD_V1 = makeRecord('Patient', 'old', '1', '2026-01-01T00:00:00.000Z');
const UNIT = [
  write(makeRecord('Patient', 'old', '2', '2026-01-01T00:00:01.000Z'), '1'),
  write(makeRecord('Patient', 'new', '1', '2026-01-01T00:00:02.000Z'), null, KEY),
  write(makeRecord('Patient', 'third', '1', '2026-01-01T00:00:03.000Z'), null),
];

/** A step of a unit that waits until the test releases it: a unit in flight, as long as needed. */
class SlowStep {
  readonly steps: string[] = [];
  readonly reached: Promise<void>;
  #reached!: () => void;
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));

  constructor(
    private readonly step: CommitStep,
    private readonly index: number,
  ) {
    this.reached = new Promise((resolve) => (this.#reached = resolve));
  }

  readonly hook = async (step: CommitStep, index: number): Promise<void> => {
    this.steps.push(`${step}/${index}`);
    if (step !== this.step || index !== this.index) return;
    this.#reached();
    await this.#released;
  };

  release(): void {
    this.#release();
  }
}

/**
 * A unit of work is all or nothing (http.html#trules) also when several server processes share
 * the database: recovery takes only units whose owner stopped its heartbeat, claims each before
 * rolling it back, and an owner that finds its unit claimed stops and undoes what it applied.
 */
describe('http.html#trules — units of work across processes on one database (MongoResourceStore)', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();

  async function journals(dbName: string): Promise<number> {
    const client = await MongoClient.connect(url());
    try {
      return await client.db(dbName).collection('_journal').countDocuments();
    } finally {
      await client.close();
    }
  }

  async function expectUntouched(store: MongoResourceStore, dbName: string): Promise<void> {
    expect(await store.read('Patient', 'old')).to.deep.equal(OLD_V1);
    expect(await store.read('Patient', 'new')).to.equal(undefined);
    expect(await store.read('Patient', 'third')).to.equal(undefined);
    expect(
      (await store.history({ offset: 0, count: 10 })).records.map(({ id, versionId }) => `${id}/${versionId}`),
    ).to.deep.equal(['old/1']);
    expect(await journals(dbName)).to.equal(0);
    // The key the unit claimed is free again.
    await store.commit([write(makeRecord('Patient', 'other', '1', '2026-01-01T00:00:04.000Z'), null, KEY)]);
  }

  it('a unit in flight, older than recoverAfterMs but beating, survives the init() of a second process', async () => {
    const dbName = databases.nextName();
    const slow = new SlowStep('current', 1);
    const owner = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 1_000, faultInjector: slow.hook });
    await owner.init();
    const second = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 1_000 });
    try {
      await owner.commit([write(OLD_V1, null)]);
      const committing = owner.commit(UNIT);
      await slow.reached;
      // Past recoverAfterMs since the journal was written: only the heartbeat spares it, in the
      // second store's init() and in its periodic sweeps meanwhile.
      await sleep(2_500);
      await second.init();
      await sleep(1_000);
      slow.release();
      await committing;
      expect((await second.read('Patient', 'old'))?.versionId).to.equal('2');
      expect((await second.read('Patient', 'new'))?.versionId).to.equal('1');
      expect((await second.read('Patient', 'third'))?.versionId).to.equal('1');
      expect(await journals(dbName)).to.equal(0);
    } finally {
      await Promise.all([owner.close(), second.close()]);
    }
  });

  it('with recoverAfterMs 0 (one process alone) no sweep rolls back a unit of its own in flight', async () => {
    const dbName = databases.nextName();
    const slow = new SlowStep('current', 1);
    const alone = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 0, faultInjector: slow.hook });
    await alone.init();
    try {
      await alone.commit([write(OLD_V1, null)]);
      const committing = alone.commit(UNIT);
      await slow.reached;
      // Several times the shortest sweep period (250 ms).
      await sleep(1_000);
      slow.release();
      await committing;
      expect((await alone.read('Patient', 'new'))?.versionId).to.equal('1');
      expect(await journals(dbName)).to.equal(0);
    } finally {
      await alone.close();
    }
  });

  it('a unit whose heartbeat stopped is rolled back by the periodic sweep, without any restart', async () => {
    const dbName = databases.nextName();
    // The owner "dies" half-way: write 1 fails and so does its rollback, then it closes.
    const dying = new MongoResourceStore({
      url: url(),
      dbName,
      faultInjector: (step, index) => {
        if ((step === 'current' && index === 1) || step === 'rollback') throw new Error(`crash at ${step}`);
      },
    });
    await dying.init();
    await dying.commit([write(OLD_V1, null)]);
    const error: unknown = await dying.commit(UNIT).catch((e: unknown) => e);
    expect(error)
      .to.be.instanceOf(Error)
      .with.property('message')
      .that.matches(/left for recovery/);
    await dying.close();
    const sweeper = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 3_000 });
    await sweeper.init();
    try {
      expect(await journals(dbName), 'spared at init: the heartbeat is still fresh').to.equal(1);
      expect((await sweeper.read('Patient', 'old'))?.versionId).to.equal('2');
      const deadline = Date.now() + 15_000;
      while ((await journals(dbName)) > 0 && Date.now() < deadline) await sleep(200);
      await expectUntouched(sweeper, dbName);
    } finally {
      await sweeper.close();
    }
  });

  it('an owner whose journal another process claimed stops applying and leaves nothing applied', async () => {
    const dbName = databases.nextName();
    // Held just before write 1's history insert: the recovery below undoes writes 1 and 0 first,
    // then the owner applies write 1 anyway, the race the final guarded delete alone came too late for.
    const slow = new SlowStep('history', 1);
    // A short recoverAfterMs beats often (every 100 ms), so the owner learns of the claim soon.
    const owner = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 400, faultInjector: slow.hook });
    await owner.init();
    const recovering = new MongoResourceStore({ url: url(), dbName, recoverAfterMs: 0 });
    try {
      await owner.commit([write(OLD_V1, null)]);
      const committing = owner.commit(UNIT).catch((e: unknown) => e);
      await slow.reached;
      await recovering.init();
      expect(await journals(dbName), 'claimed and rolled back').to.equal(0);
      await sleep(500);
      slow.release();
      const error = await committing;
      expect(error).to.be.instanceOf(StoreUnitRolledBackError);
      expect(slow.steps, 'write 2 never started').to.not.include.members(['unique/2', 'history/2', 'current/2']);
      expect(slow.steps).to.include('current/1');
      await expectUntouched(recovering, dbName);
    } finally {
      await Promise.all([owner.close(), recovering.close()]);
    }
  });
});
