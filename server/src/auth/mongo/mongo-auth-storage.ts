import { MongoClient } from 'mongodb';
import type { AuthStorage } from '../server/auth-storage.js';
import { MongoClientRegistry, type StoredClientDocument } from './mongo-client-registry.js';
import { MongoJtiLedger, type JtiDocument } from './mongo-jti-ledger.js';
import { MongoSigningKeyStore, type SigningKeyDocument } from './mongo-signing-key-store.js';

export interface MongoAuthStorageOptions {
  url: string;
  /** Defaults to the database named in the URL, as the resource store does. */
  dbName?: string;
  now?: () => Date;
}

/**
 * The authorization server's storage in MongoDB (tested on FerretDB 1.24): `auth_clients`,
 * `auth_jti`, `auth_keys`, shared by every process. Writes are majority-acknowledged with the
 * journal, so a recorded jti or a generated key survives a failover.
 */
export class MongoAuthStorage implements AuthStorage {
  readonly clients: MongoClientRegistry;
  readonly jtis: MongoJtiLedger;
  readonly keys: MongoSigningKeyStore;
  readonly #client: MongoClient;

  constructor(options: MongoAuthStorageOptions) {
    this.#client = new MongoClient(options.url, {
      writeConcern: { w: 'majority', journal: true },
      ignoreUndefined: true,
    });
    const db = this.#client.db(options.dbName);
    this.clients = new MongoClientRegistry(db.collection<StoredClientDocument>('auth_clients'));
    this.jtis = new MongoJtiLedger(db.collection<JtiDocument>('auth_jti'), options.now);
    this.keys = new MongoSigningKeyStore(db.collection<SigningKeyDocument>('auth_keys'));
  }

  async init(): Promise<void> {
    await this.#client.connect();
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
