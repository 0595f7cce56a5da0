/** An error as the SDK's FhirClientError carries it: an HTTP status. */
export class SinkHttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
