import type { ReceivedMessage } from '@nexushealth/adapters';
import { describeInboxContract, ManualClock } from '@nexushealth/adapters/testing';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { MongoClient, type Db } from 'mongodb';
import { TestDatabases } from '../../store/mongo/test-databases.js';
import { InboxLeases } from './inbox-leases.js';
import { InboxPatients } from './inbox-patients.js';
import { MongoHl7Inbox } from './mongo-inbox.js';

const message = (key: string): ReceivedMessage => ({
  raw: 'MSH|^~\\&|LAB|NORTH|NH|NH|20260101||ADT^A08|1|P|2.5.1\r',
  key,
  sender: { transport: 'http' },
  orderKey: 'urn:nexushealth:hl7v2:NORTH|123',
});

describe('MongoHl7Inbox on FerretDB', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();
  describeInboxContract('MongoHl7Inbox', async (now) => {
    const inbox = new MongoHl7Inbox({ url: url(), dbName: databases.nextName(), now });
    await inbox.init();
    return inbox;
  });
});

describe('MongoHl7Inbox — exactly once under concurrency (two processes on one database)', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();
  let inboxes: MongoHl7Inbox[] = [];
  let dbName = '';
  let clock: ManualClock;

  beforeEach(async () => {
    dbName = databases.nextName();
    clock = new ManualClock();
    const options = { url: url(), dbName, now: clock.now };
    inboxes = [new MongoHl7Inbox(options), new MongoHl7Inbox(options)];
    for (const inbox of inboxes) await inbox.init();
  });
  afterEach(async () => {
    for (const inbox of inboxes) await inbox.close();
  });
  const some = (i: number) => inboxes[i % 2]!;

  it('stores each key once and gives every first receipt its own seq (v2.5.1 §2.10.1: MSH-10 identifies a message)', async () => {
    const receipts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => some(i).receive(message(`LAB^NORTH^${i % 10}`))),
    );
    const firsts = receipts.filter((r) => !r.duplicate);
    expect(firsts.map((r) => r.entry.key).sort()).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => `LAB^NORTH^${i}`).sort(),
    );
    expect(new Set(firsts.map((r) => r.entry.seq)).size).to.equal(10);
    for (const r of receipts) expect(r.entry.id).to.equal(firsts.find((f) => f.entry.key === r.entry.key)?.entry.id);
  });

  it('lets exactly one of twenty concurrent claimers take an entry, and the next after its lease ran out', async () => {
    const { entry } = await some(0).receive(message('LAB^NORTH^claimed'));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => some(i).claim(entry.id, `w${i}`, 200)));
    expect(claims.filter((c) => c !== undefined)).to.have.length(1);
    clock.advance(250);
    const after = await Promise.all(Array.from({ length: 20 }, (_, i) => some(i).claim(entry.id, `v${i}`, 60_000)));
    const winners = after.filter((c) => c !== undefined);
    expect(winners).to.have.length(1);
    expect(winners[0]?.attempts).to.equal(2);
  });

  it('creates the unique index on the key at init, idempotently (a restart)', async () => {
    await some(0).init();
    await some(1).init();
    const client = await MongoClient.connect(url());
    try {
      const indexes = await client.db(dbName).collection('hl7_inbox').listIndexes().toArray();
      expect(indexes.find((index) => Object.keys(index['key'] as object).join() === 'key')?.['unique']).to.equal(true);
    } finally {
      await client.close();
    }
  });
});

describe('MongoHl7Inbox helpers — receipts in flight and abandoned lease generations', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();
  const inDatabase = async (use: (db: Db) => Promise<void>): Promise<void> => {
    const client = await MongoClient.connect(url());
    try {
      await use(client.db(databases.nextName()));
    } finally {
      await client.close();
    }
  };

  it('makes a later message of the patient wait for a receipt whose entry is not written yet, dropped once abandoned past the grace (review finding 14)', () =>
    inDatabase(async (db) => {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const patients = new InboxPatients(db.collection('pending'), db.collection('applied'), () => new Date(now));
      await patients.pendingAdded('urn:x|1', 5, 'in-flight');
      const notWritten = async (): Promise<undefined> => undefined;
      expect(await patients.hasEarlierPending('urn:x|1', 6, notWritten)).to.equal(true);
      expect(await patients.hasEarlierPending('urn:x|1', 5, notWritten)).to.equal(false);
      expect(await patients.hasEarlierPending('urn:x|10', 6, notWritten)).to.equal(false);
      now += 31_000;
      expect(await patients.hasEarlierPending('urn:x|1', 6, notWritten)).to.equal(false);
      expect(await db.collection('pending').countDocuments()).to.equal(0);
    }));

  it('moves past any number of abandoned lease generations, and not past a live one (review finding 9)', () =>
    inDatabase(async (db) => {
      const leases = new InboxLeases(db.collection('leases'));
      for (let g = 0; g < 12; g++) expect(await leases.next('e', g, `crashed${g}`, 1_000)).to.equal(true);
      expect(await leases.take('e', 1, 'w', 70_000, 2_000)).to.equal(13);
      expect(await leases.take('e', 1, 'v', 70_000, 2_000)).to.equal(undefined);
      expect(await leases.highest('e')).to.equal(13);
    }));
});
