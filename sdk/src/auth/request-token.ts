import { errorFromResponse } from '../error-from-response.js';
import { FhirClientError, FhirOAuthError } from '../errors.js';
import { fetchJson, type JsonAnswer } from './http-json.js';

/** A bearer token and how long the server said it lives. */
export interface IssuedToken {
  accessToken: string;
  expiresInS: number;
}

/** RFC 7523 §2.2: the assertion is a JWT authenticating the client. */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Anything shaped like a JWS (a JSON header base64url-encoded starts with `eyJ`). */
const TOKEN_SHAPED = /eyJ[\w-]*\.[\w-]*(\.[\w-]*)?/g;

/**
 * The `client_credentials` grant with a `private_key_jwt` assertion
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html#request-access-token).
 * Neither the assertion nor a token ever appears in an error it throws.
 */
export async function requestToken(
  fetchFn: typeof fetch,
  tokenUrl: string,
  request: { scope: string; assertion: string },
  timeoutMs: number,
): Promise<IssuedToken> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: request.scope,
    client_assertion_type: JWT_BEARER,
    client_assertion: request.assertion,
  });
  const init: RequestInit = {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form.toString(),
  };
  const answer = await fetchJson(fetchFn, tokenUrl, init, timeoutMs);
  if (answer.status === 200) return issued(answer, tokenUrl);
  throw refusal(answer, tokenUrl);
}

/** A successful answer (RFC 6749 §5.1); SMART requires `token_type` bearer and `expires_in`. */
function issued(answer: JsonAnswer, tokenUrl: string): IssuedToken {
  const body = (answer.body ?? {}) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  const { access_token: accessToken, token_type: type, expires_in: expiresIn } = body;
  if (typeof accessToken !== 'string' || accessToken === '' || String(type).toLowerCase() !== 'bearer') {
    throw new FhirClientError(`${tokenUrl} answered 200 without a bearer access_token`, 200);
  }
  if (typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new FhirClientError(`${tokenUrl} answered a token without a positive expires_in`, 200);
  }
  return { accessToken, expiresInS: expiresIn };
}

/** An error answer (RFC 6749 §5.2) as a FhirOAuthError; any other body by its status. */
function refusal(answer: JsonAnswer, tokenUrl: string): FhirClientError {
  const body = (answer.body ?? {}) as { error?: unknown; error_description?: unknown };
  if (typeof body.error !== 'string') return errorFromResponse(answer.status, answer.statusText, undefined);
  const code = redact(body.error);
  const description = typeof body.error_description === 'string' ? redact(body.error_description) : undefined;
  const message = `${tokenUrl} refused the token request: ${code}${description === undefined ? '' : ` (${description})`}`;
  return new FhirOAuthError(message, answer.status, code, description);
}

function redact(text: string): string {
  return text.replace(TOKEN_SHAPED, '[redacted]');
}
