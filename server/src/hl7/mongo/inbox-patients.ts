import type { Collection, UpdateFilter } from 'mongodb';
import { isDuplicateKeyError } from '../../store/mongo/duplicate-key.js';
import { retriedWhenBusy } from './busy-retry.js';

interface PatientDocument {
  /** The patient key (`orderKey`: the first PID-3 identifier, `system|value`). */
  _id: string;
  /** Ids of this patient's entries that may not be final yet (checked against the entries). */
  pending: string[];
  /** The latest `messageTime` (epoch ms) among this patient's messages applied with AA. */
  appliedMs?: number;
}

/**
 * What the inbox knows per patient, for the two ordering questions a worker asks of every message
 * (inbox.ts: hasEarlierPending, hasNewerApplied). Answered from one document read by `_id`, because
 * the same questions asked of `hl7_inbox` are full scans on FerretDB 1.24, growing with the inbox
 * (measured: 1.5 s per question at 3,000 entries). The list of pending ids only narrows the search:
 * each is checked against its entry, so an id left behind by a crash or a lost update (FerretDB's
 * updates are read-modify-write) costs a read, never a wrong answer about an entry it names.
 */
export class InboxPatients {
  constructor(private readonly patients: Collection<PatientDocument>) {}

  /** Before the entry is written: a crash in between leaves an id that names no entry (ignored). */
  async pendingAdded(orderKey: string, id: string): Promise<void> {
    await this.#upsert(orderKey, { $addToSet: { pending: id } });
  }

  /** After the entry became final; `appliedMs` when it was applied (AA) and has a message time. */
  async settled(orderKey: string, id: string, appliedMs?: number): Promise<void> {
    await this.#upsert(orderKey, {
      $pull: { pending: id },
      ...(appliedMs === undefined ? {} : { $max: { appliedMs } }),
    });
  }

  async pendingIds(orderKey: string): Promise<readonly string[]> {
    return (await this.patients.findOne({ _id: orderKey }))?.pending ?? [];
  }

  async appliedMs(orderKey: string): Promise<number | undefined> {
    return (await this.patients.findOne({ _id: orderKey }))?.appliedMs;
  }

  /** Two first upserts of one patient race on its `_id`: the loser updates the winner's document. */
  async #upsert(orderKey: string, update: UpdateFilter<PatientDocument>): Promise<void> {
    const write = () => retriedWhenBusy(() => this.patients.updateOne({ _id: orderKey }, update, { upsert: true }));
    try {
      await write();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await write();
    }
  }
}
