import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { JtiLedger } from '../server/jti-ledger.js';
import { retriedWhenBusy } from '../../store/mongo/busy-retry.js';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';

export interface JtiDocument {
  /** sha-256 of client id and jti: bounded whatever the client sends. */
  _id: string;
  expiresAt: Date;
}

/** Expired entries are removed at most this often. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The jti ledger in `auth_jti`: a jti is recorded by inserting its `_id`, which two processes
 * cannot both do (FerretDB 1.24's one atomic write), so a replay racing the original loses.
 * Expired entries are swept now and then; their assertions are refused by `exp` anyway.
 */
export class MongoJtiLedger implements JtiLedger {
  #sweptAt = 0;

  constructor(
    private readonly jtis: Collection<JtiDocument>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const _id = createHash('sha256')
      .update(JSON.stringify([clientId, jti]))
      .digest('hex');
    try {
      await retriedWhenBusy(() => this.jtis.insertOne({ _id, expiresAt }));
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.#sweep();
    return true;
  }

  async #sweep(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.#sweptAt < SWEEP_EVERY_MS) return;
    this.#sweptAt = now.getTime();
    // Best effort: a failed sweep leaves entries for the next one.
    await this.jtis.deleteMany({ expiresAt: { $lt: now } }).catch(() => undefined);
  }
}
