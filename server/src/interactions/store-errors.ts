import { OperationOutcomeError } from '../errors/outcome-error.js';
import { StoreTimeLimitError } from '../store/port.js';

/**
 * A store error that means something to the client, as the OperationOutcome it gets; any other
 * error is returned as it is (an unknown one stays a 500 for `middleware/error`).
 */
export function asOutcomeError(error: unknown): unknown {
  if (error instanceof StoreTimeLimitError) {
    return OperationOutcomeError.of(
      'too-costly',
      `The search ran longer than the server allows (${error.limitMs} ms); add more selective parameters`,
    );
  }
  return error;
}
