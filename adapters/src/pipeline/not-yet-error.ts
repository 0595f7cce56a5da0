/**
 * The entry cannot be worked on right now, through nobody's fault: an earlier message about the same
 * patient is still pending, or another worker holds its claim. No attempt was spent (nothing was
 * claimed); the queue retries it later, like an `Hl7DeliveryError`.
 */
export class Hl7NotYetError extends Error {
  override readonly name = 'Hl7NotYetError';
  readonly retryable = true;
}
