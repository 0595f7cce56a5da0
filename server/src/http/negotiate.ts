import type { Middleware } from 'koa';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from '../middleware/request-context.js';
import { JSON_PATCH } from '../interactions/patch/patch-document.js';
import { acceptedFormat } from './accept.js';
import { formatOfMediaType, type FhirFormat } from './media-types.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Content negotiation (http.html#mime-type): `_format` (json, xml or a FHIR MIME type) wins over
 * Accept; without a preference the request's format, else JSON. The answer's format goes to `ctx.state.format`, so errors past this
 * point are answered in it too. Anything else is a 406. Bodies must be FHIR JSON or XML (a JSON
 * Patch on PATCH: http.html#patch; on `_search` only a form), else 415.
 */
export function negotiate(): Middleware<FhirState> {
  return async (ctx, next) => {
    ctx.state.format = responseFormat(ctx.query._format, ctx.get('Accept'), ctx.get('Content-Type'));
    if (
      ['POST', 'PUT', 'PATCH'].includes(ctx.method) &&
      hasBody(ctx.get('Content-Length'), ctx.get('Transfer-Encoding'))
    ) {
      const type = ctx.get('Content-Type');
      const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
      if (ctx.path.endsWith('/_search')) {
        // POST _search carries parameters, not a resource (http.html#search): a FHIR body is not read.
        if (bare !== FORM)
          throw OperationOutcomeError.of('not-supported', `POST _search takes ${FORM}`, 'Content-Type', 415);
        return next();
      }
      const jsonPatch = bare === JSON_PATCH && ctx.method === 'PATCH';
      if (!formatOfMediaType(type) && !jsonPatch) {
        throw OperationOutcomeError.of(
          'not-supported',
          'Send resources as application/fhir+json or application/fhir+xml',
          'Content-Type',
          415,
        );
      }
    }
    await next();
  };
}

function responseFormat(format: unknown, accept: string, contentType: string): FhirFormat {
  if (typeof format === 'string') {
    const short = format.trim().toLowerCase();
    const chosen = short === 'json' || short === 'xml' ? short : formatOfMediaType(short);
    if (!chosen) throw OperationOutcomeError.of('not-supported', 'Use _format=json or _format=xml', '_format', 406);
    return chosen;
  }
  if (Array.isArray(format)) throw OperationOutcomeError.of('not-supported', 'Give _format once', '_format', 406);
  // No preference (no Accept, or only */*): answer in the request's format (http.html#mime-type).
  if (['', '*/*'].includes(accept.trim())) return formatOfMediaType(contentType) ?? 'json';
  const accepted = acceptedFormat(accept);
  if (!accepted)
    throw OperationOutcomeError.of(
      'not-supported',
      'Accept application/fhir+json or application/fhir+xml',
      'Accept',
      406,
    );
  return accepted;
}

function hasBody(length: string, transferEncoding: string): boolean {
  return transferEncoding !== '' || (length !== '' && length !== '0');
}
