import { setTimeout as sleep } from 'node:timers/promises';
import { MongoServerError } from 'mongodb';

const ATTEMPTS = 5;

/**
 * Runs `step` again while FerretDB's SQLite handler answers SQLITE_BUSY ("database is locked"),
 * which it does to concurrent writers instead of queueing them; MongoDB never does. Only for steps
 * that are safe to repeat (the HL7 inbox's writes are guarded by their filter, so a repeat after an
 * unseen success changes nothing; an `_id` insert repeated after one answers a duplicate key).
 */
export async function retriedWhenBusy<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt === ATTEMPTS || !isBusy(error)) throw error;
      await sleep(5 * 2 ** attempt + Math.random() * 10);
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof MongoServerError && /SQLITE_BUSY|database is locked/i.test(error.message);
}
