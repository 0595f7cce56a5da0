import type { Collection } from 'mongodb';
import type { SigningKeyStore, StoredSigningKey } from '../server/signing-keys.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';

export type SigningKeyDocument = Omit<StoredSigningKey, 'generation'> & { _id: number };

/**
 * The signing keys in `auth_keys`, one document per generation (`_id`). The private keys are
 * stored as JWKs: protect this database as the keys to every token (MongoDB access control,
 * encryption at rest).
 */
export class MongoSigningKeyStore implements SigningKeyStore {
  constructor(private readonly keys: Collection<SigningKeyDocument>) {}

  async list(): Promise<StoredSigningKey[]> {
    return (await this.keys.find({}).sort({ _id: 1 }).toArray()).map(({ _id, ...rest }) => ({
      generation: _id,
      ...rest,
    }));
  }

  async insert({ generation, ...rest }: StoredSigningKey): Promise<boolean> {
    try {
      await retriedWhenBusy(() => this.keys.insertOne({ _id: generation, ...rest }));
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
