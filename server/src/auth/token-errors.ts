/**
 * Why an access token was refused. `expired` is the one reason the client is told apart
 * (RFC 6750 §3.1 `invalid_token` either way); `detail` is for the audit trail and logs only
 * (which check failed, never the token), so an attacker learns nothing from the answer.
 */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: 'invalid' | 'expired',
    readonly detail: string,
  ) {
    super(`${reason} token: ${detail}`);
    this.name = 'InvalidTokenError';
  }
}

/**
 * The keys to check a token with could not be had (the JWKS endpoint is down, slow or answers
 * garbage): not the token's fault, so not a 401 the client would act on by fetching a new token,
 * but a 503 to retry. The request is refused all the same (fail closed).
 */
export class KeySetUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the token signing keys are unavailable', { cause });
    this.name = 'KeySetUnavailableError';
  }
}
