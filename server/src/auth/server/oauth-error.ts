/** The error codes of RFC 6749 §5.2 (token endpoint) the authorization server answers. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/**
 * A refusal of the token or introspection endpoint, answered as RFC 6749 §5.2 JSON
 * (`{ error, error_description }`), not as an OperationOutcome: OAuth clients read this shape.
 * The description never holds the assertion, a token or PHI.
 */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** 401 for invalid_client (§5.2), 413 for an oversized body, else 400. */
    readonly status = code === 'invalid_client' ? 401 : 400,
  ) {
    super(`${code}: ${description}`);
    this.name = 'OAuthError';
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
