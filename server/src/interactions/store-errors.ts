import { OperationOutcomeError } from '../errors/outcome-error.js';
import { StoreTimeLimitError, StoreUnitRolledBackError } from '../store/port.js';

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
  if (error instanceof StoreUnitRolledBackError) {
    // Nothing was stored and sending the same request again can succeed: 503 transient.
    return OperationOutcomeError.of(
      'transient',
      'The change was rolled back while it was being written (another server process took it for a crashed one); nothing was stored, try again',
    );
  }
  return error;
}
