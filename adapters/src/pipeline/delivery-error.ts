/**
 * The FHIR sink could not be reached or failed on its side (5xx, 408, 429, no response): nothing was
 * decided about the message, so no ACK is written and the caller (a queue) should retry it later.
 * `cause` is the sink's error, for logs; it is never written into an ACK.
 */
export class Hl7DeliveryError extends Error {
  override readonly name = 'Hl7DeliveryError';
  readonly retryable = true;
  constructor(
    readonly controlId: string | undefined,
    options: { cause: unknown },
  ) {
    super(`FHIR sink unavailable for message ${controlId ?? '(no MSH-10)'}`, options);
  }
}
