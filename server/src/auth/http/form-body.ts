import type { ParameterizedContext } from 'koa';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { readBodyBytes } from '../../http/body.js';
import type { FhirState } from '../../middleware/request-context.js';
import { OAuthError } from '../server/oauth-error.js';

/** A token request is a few hundred bytes; an assertion with a certificate chain a few KiB. */
export const FORM_LIMIT_BYTES = 16 * 1024;

/**
 * The parameters of an OAuth request body (RFC 6749 §4.4.2, application/x-www-form-urlencoded,
 * UTF-8). Refused as `invalid_request`: another media type, bytes (raw or percent-encoded) that are not UTF-8, a parameter
 * given twice (RFC 6749 §3.2: "MUST NOT be included more than once"); an oversized body is a 413.
 */
export async function readForm(ctx: ParameterizedContext<FhirState>): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded'))
    throw new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded');
  const form = new URLSearchParams(utf8(await bytes(ctx)));
  const names = [...form.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new OAuthError('invalid_request', `parameter ${repeated.slice(0, 64)} is repeated`);
  // Percent-encoded bytes that are not UTF-8 decode to U+FFFD: no OAuth parameter holds one.
  if ([...form].some(([name, value]) => `${name}${value}`.includes('\uFFFD')))
    throw new OAuthError('invalid_request', 'a parameter is not UTF-8');
  return form;
}

async function bytes(ctx: ParameterizedContext<FhirState>): Promise<Buffer> {
  try {
    return await readBodyBytes(ctx, FORM_LIMIT_BYTES);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    if (error.status === 413)
      throw new OAuthError('invalid_request', `the body exceeds ${FORM_LIMIT_BYTES} bytes`, 413);
    throw new OAuthError('invalid_request', 'the body could not be read');
  }
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OAuthError('invalid_request', 'the body is not UTF-8');
  }
}
