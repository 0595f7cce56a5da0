import { MongoClient } from 'mongodb';

/**
 * Drops the database named in `mongodbUrl` once a run is over, so repeated local runs against one
 * long-lived FerretDB do not pile up data. Failing to drop never fails the run.
 */
export async function dropDatabase(mongodbUrl: string): Promise<void> {
  const client = new MongoClient(mongodbUrl, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db().dropDatabase();
  } catch (error) {
    console.warn(`  (could not drop the test database: ${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await client.close();
  }
}
