import type { Middleware } from 'koa';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from '../middleware/request-context.js';
import { JSON_PATCH } from '../interactions/patch/patch-document.js';
import { JSON_TYPES } from './media-types.js';

const JSON_FORMATS = new Set(['json', ...JSON_TYPES]);
const FORM = 'application/x-www-form-urlencoded';

/**
 * Content negotiation (http.html#mime-type): `_format` wins over Accept; JSON is served; XML
 * is not implemented yet (406), anything else unacceptable is 406. Bodies must be
 * FHIR JSON (or a form on `_search`, a JSON Patch on PATCH: http.html#patch), else 415.
 */
export function negotiate(): Middleware<FhirState> {
  return async (ctx, next) => {
    const format = typeof ctx.query._format === 'string' ? ctx.query._format : undefined;
    if (format !== undefined) {
      if (!JSON_FORMATS.has(format.split(';')[0]?.trim() ?? '')) {
        throw OperationOutcomeError.of('not-supported', 'Only JSON is served (_format=json)', '_format', 406);
      }
    } else if (!acceptsJson(ctx.get('Accept'))) {
      throw OperationOutcomeError.of('not-supported', 'Only application/fhir+json is served', 'Accept', 406);
    }
    if (
      ['POST', 'PUT', 'PATCH'].includes(ctx.method) &&
      hasBody(ctx.get('Content-Length'), ctx.get('Transfer-Encoding'))
    ) {
      const type = ctx.get('Content-Type').split(';')[0]?.trim().toLowerCase() ?? '';
      const formSearch = type === FORM && ctx.path.endsWith('/_search');
      const jsonPatch = type === JSON_PATCH && ctx.method === 'PATCH';
      if (!JSON_TYPES.includes(type) && !formSearch && !jsonPatch) {
        throw OperationOutcomeError.of('not-supported', 'Send resources as application/fhir+json', 'Content-Type', 415);
      }
    }
    await next();
  };
}

function acceptsJson(accept: string): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    return type === '*/*' || type === 'application/*' || JSON_TYPES.includes(type);
  });
}

function hasBody(length: string, transferEncoding: string): boolean {
  return transferEncoding !== '' || (length !== '' && length !== '0');
}
