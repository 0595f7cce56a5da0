import { randomBytes } from 'node:crypto';
import { after, before } from 'mocha';
import { MongoClient } from 'mongodb';

/**
 * Throwaway databases for the mongo integration tests: one random run prefix, a fresh database
 * per store, all dropped at the end. Without `TEST_MONGODB_URL` the tests skip locally (npm test
 * starts FerretDB and sets it) but fail on CI, which must never skip integration tests.
 */
export class TestDatabases {
  readonly #run = randomBytes(4).toString('hex');
  readonly #names: string[] = [];

  /**
   * Installs the suite's hooks: the URL is read before the first test (see `url`), and every
   * database made is dropped after the last. Returns the URL's getter.
   */
  inSuite(): () => string {
    let url = '';
    const readUrl = (context: Mocha.Context): string => this.url(context);
    before(function () {
      url = readUrl(this);
    });
    after(async () => {
      if (url !== '') await this.dropAll(url);
    });
    return () => url;
  }

  /** The URL, for a `before` hook: throws on CI when it is missing, skips the suite elsewhere. */
  url(context: Mocha.Context): string {
    const url = process.env['TEST_MONGODB_URL'];
    if (url !== undefined && url !== '') return url;
    if (process.env['CI'])
      throw new Error('TEST_MONGODB_URL is not set: CI must run the mongo store integration tests');
    console.warn('  (skipped) TEST_MONGODB_URL is not set: run via npm test to start FerretDB');
    return context.skip();
  }

  nextName(): string {
    const name = `nh_store_${this.#run}_${this.#names.length}`;
    this.#names.push(name);
    return name;
  }

  async dropAll(url: string): Promise<void> {
    const client = await MongoClient.connect(url);
    try {
      for (const name of this.#names.splice(0)) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  }
}
