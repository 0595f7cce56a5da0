import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Context } from 'koa';
import type { FhirResult } from '../interactions/fhir-request.js';
import { etagFor } from '../interactions/versioning.js';
import type { FhirState } from '../middleware/request-context.js';
import { writeResource } from './write-resource.js';

/**
 * Writes a FhirResult: status, ETag, Location (absolute), Last-Modified (HTTP date), and the
 * body as `Prefer: return=` asks (http.html#ops): representation (default), minimal (none) or
 * OperationOutcome, in the negotiated format.
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
  writeResource(ctx as Context & { state: FhirState }, body);
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
