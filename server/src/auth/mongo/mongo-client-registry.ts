import type { Collection } from 'mongodb';
import type { ClientRegistry, RegisterResult, RegisteredClient } from '../server/client-registry.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';

export type StoredClientDocument = Omit<RegisteredClient, 'clientId'> & { _id: string };

/** Every client operation goes by `_id` (= client id): an insert decides a registration race. */
export class MongoClientRegistry implements ClientRegistry {
  constructor(private readonly clients: Collection<StoredClientDocument>) {}

  async register(client: RegisteredClient): Promise<RegisterResult> {
    try {
      await retriedWhenBusy(() => this.clients.insertOne(toDocument(client)));
      return 'created';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'exists';
      throw error;
    }
  }

  async replace(client: RegisteredClient): Promise<void> {
    await retriedWhenBusy(() =>
      this.clients.replaceOne({ _id: client.clientId }, toDocument(client), { upsert: true }),
    );
  }

  async get(clientId: string): Promise<RegisteredClient | undefined> {
    const document = await this.clients.findOne({ _id: clientId });
    return document ? fromDocument(document) : undefined;
  }

  async list(): Promise<RegisteredClient[]> {
    return (await this.clients.find({}).sort({ _id: 1 }).toArray()).map(fromDocument);
  }

  async remove(clientId: string): Promise<boolean> {
    return (await retriedWhenBusy(() => this.clients.deleteOne({ _id: clientId }))).deletedCount === 1;
  }
}

function toDocument({ clientId, ...rest }: RegisteredClient): StoredClientDocument {
  return { _id: clientId, ...rest };
}

function fromDocument({ _id, ...rest }: StoredClientDocument): RegisteredClient {
  return { clientId: _id, ...rest };
}
