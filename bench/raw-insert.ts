// The ceiling: how fast the same FerretDB takes plain insertOne calls from the mongodb driver, at
// the same concurrency, with documents about the size of a stored Patient. The server cannot write
// faster than this, so server create rate / raw insert rate says how much the FHIR layer costs.
import { MongoClient } from 'mongodb';
import { type LoadOptions, type LoadResult, runLoad } from './load-runner.js';

export async function rawInsertRate(mongodbUrl: string, options: LoadOptions): Promise<LoadResult> {
  const client = new MongoClient(mongodbUrl, { serverSelectionTimeoutMS: 5000, maxPoolSize: options.concurrency });
  try {
    await client.connect();
    const collection = client.db().collection('raw_insert');
    return await runLoad(options, async (i) => {
      await collection.insertOne({
        resourceType: 'Patient',
        id: `raw-${i}`,
        versionId: '1',
        lastUpdated: new Date(),
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:bench:raw', value: String(i) }],
          name: [{ family: `Bench${i % 97}`, given: ['Load'] }],
        },
        idx: { identifier: [`urn:bench:raw|${i}`], family: [`bench${i % 97}`] },
      });
    });
  } finally {
    await client.close();
  }
}
