// The fault-injection services themselves: a write FerretDB or Redis acknowledged is still there
// after the process was SIGKILLed and started again on the same port and data. The kill tests of
// the HL7 v2 feed rely on it: a loss they see must be ours, not the test services'.
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { redisCommand } from '../harness/redis-command.js';
import { type PrivateServices, startPrivateServices } from '../support/private-services.js';

interface Kept {
  _id: string;
  value: number;
}

describe('private FerretDB + Redis for kill tests (durable across SIGKILL)', function () {
  this.timeout(120_000);
  let services: PrivateServices;

  before(async () => {
    services = await startPrivateServices();
  });
  after(async () => {
    await services?.stop();
  });

  it('Redis with appendfsync always keeps an acknowledged SET across SIGKILL, on the same port (redis.io persistence#append-only-file)', async () => {
    expect(await redisCommand(services.redisUrl, 'SET', 'resilience', 'kept')).to.equal('+OK');
    const pid = services.redis.pid;
    await services.redis.kill();
    expect(services.redis.pid, 'no process after the kill').to.equal(undefined);
    await services.redis.restart();
    expect(services.redis.pid).to.not.equal(pid);
    expect(await redisCommand(services.redisUrl, 'GET', 'resilience')).to.equal('kept');
  });

  it('FerretDB keeps a journaled insert across SIGKILL, on the same port (mongodb write concern j: true)', async () => {
    const url = `${services.mongodbUrl}resilience_services`;
    const write = new MongoClient(url);
    await write
      .db()
      .collection<Kept>('kept')
      .insertOne({ _id: 'one', value: 1 }, { writeConcern: { j: true } });
    await write.close();
    await services.ferretdb.kill();
    await services.ferretdb.restart();
    const read = new MongoClient(url);
    try {
      expect(await read.db().collection<Kept>('kept').findOne({ _id: 'one' })).to.deep.equal({ _id: 'one', value: 1 });
    } finally {
      await read.close();
    }
  });
});
