// The first integration test: the services `npm test` starts really answer.
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { freePort, requireTestServices, uniqueDatabaseName, type TestServices } from './services.js';
import { redisCommand } from './redis-command.js';

describe('test services harness', function () {
  let services: TestServices | undefined;

  before(function () {
    services = requireTestServices('test services harness');
    if (!services) this.skip();
  });

  it('FerretDB stores and returns a document through the mongodb driver', async function () {
    const client = new MongoClient(services!.mongodbUrl, { serverSelectionTimeoutMS: 5000 });
    const db = client.db(uniqueDatabaseName('harness'));
    try {
      await client.connect();
      const ping = await db.command({ ping: 1 });
      expect(ping.ok).to.equal(1);
      const patients = db.collection<{ _id: string; family: string }>('Patient');
      await patients.insertOne({ _id: 'p1', family: 'Chalmers' });
      expect(await patients.findOne({ _id: 'p1' })).to.deep.equal({ _id: 'p1', family: 'Chalmers' });
    } finally {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    }
  });

  it('Redis answers PING and round-trips a key', async function () {
    const url = services!.redisUrl;
    expect(await redisCommand(url, 'PING')).to.equal('+PONG');
    const key = uniqueDatabaseName('harness');
    expect(await redisCommand(url, 'SET', key, 'v1')).to.equal('+OK');
    expect(await redisCommand(url, 'GET', key)).to.equal('v1');
    expect(await redisCommand(url, 'DEL', key)).to.equal(':1');
  });
});

describe('freePort', function () {
  it('returns a usable loopback port', async function () {
    const [a, b] = await Promise.all([freePort(), freePort()]);
    expect(a).to.be.within(1024, 65535);
    expect(b).to.be.within(1024, 65535);
  });
});
