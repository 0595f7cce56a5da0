import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Context } from 'koa';
import type { FhirResult } from '../interactions/fhir-request.js';
import { etagFor } from '../interactions/versioning.js';
import { FHIR_JSON } from './media-types.js';

/**
 * Writes a FhirResult: status, ETag, Location (absolute), Last-Modified (HTTP date), and the
 * body as `Prefer: return=` asks (http.html#ops): representation (default), minimal (none) or
 * OperationOutcome. `_pretty=true` indents.
 */
export function render(ctx: Context, result: FhirResult, baseUrl: string): void {
  ctx.status = result.status;
  if (result.versionId) ctx.set('ETag', etagFor(result.versionId));
  if (result.lastUpdated) ctx.set('Last-Modified', new Date(result.lastUpdated).toUTCString());
  if (result.location && (result.status === 201 || result.status === 200) && isWrite(ctx.method)) {
    ctx.set('Location', `${baseUrl}/${result.location}`);
  }
  const body = chooseBody(ctx.get('Prefer'), result, ctx.method);
  if (body === undefined) {
    ctx.body = null;
    if (result.status !== 204) ctx.status = result.status;
    return;
  }
  ctx.type = FHIR_JSON;
  ctx.body = ctx.query._pretty === 'true' ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}

function isWrite(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}

function chooseBody(prefer: string, result: FhirResult, method: string): object | undefined {
  const wanted = /return\s*=\s*(minimal|representation|OperationOutcome)/i.exec(prefer)?.[1]?.toLowerCase();
  if (!isWrite(method) || wanted === undefined || wanted === 'representation') return result.resource;
  if (wanted === 'minimal') return undefined;
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'information', code: 'informational', diagnostics: `${method} succeeded (${result.status})` }],
  };
  return outcome;
}
