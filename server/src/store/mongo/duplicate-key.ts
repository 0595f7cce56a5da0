import { MongoServerError } from 'mongodb';

/** E11000, the one server error the store turns into a conflict (FerretDB raises it too). */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
