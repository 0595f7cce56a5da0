import { describe } from 'mocha';
import { TestDatabases } from '../../store/mongo/test-databases.js';
import { describeAuthStorageContract } from '../server/contract/auth-storage.contract.js';
import { MongoAuthStorage } from './mongo-auth-storage.js';

describe('MongoAuthStorage on FerretDB', function (this: Mocha.Suite) {
  this.timeout(60_000);
  const databases = new TestDatabases();
  const url = databases.inSuite();
  describeAuthStorageContract('MongoAuthStorage', async () => {
    const storage = new MongoAuthStorage({ url: url(), dbName: databases.nextName() });
    await storage.init();
    return storage;
  });
});
