import type { Context } from 'koa';
import type { FhirResult, InteractionName } from '../interactions/fhir-request.js';
import { preferredBody } from '../interactions/prefer-return.js';
import { etagFor } from '../interactions/versioning.js';
import type { FhirState } from '../middleware/request-context.js';
import { writeResource } from './write-resource.js';

/**
 * Writes a FhirResult: status, ETag, Location (absolute), Last-Modified (HTTP date), and the
 * body — for a write as `Prefer: return=` asks (http.html#ops): representation (default),
 * minimal (none) or OperationOutcome (a delete's 204 becomes 200 to carry it) — in the
 * negotiated format.
 */
export function render(ctx: Context, result: FhirResult, baseUrl: string, interaction: InteractionName = 'read'): void {
  const body = preferredBody(interaction, result, ctx.get('Prefer'), 'representation');
  ctx.status = result.status === 204 && body !== undefined ? 200 : result.status;
  if (result.versionId) ctx.set('ETag', etagFor(result.versionId));
  if (result.lastUpdated) ctx.set('Last-Modified', new Date(result.lastUpdated).toUTCString());
  if (result.location && (result.status === 201 || result.status === 200) && isWrite(ctx.method)) {
    ctx.set('Location', `${baseUrl}/${result.location}`);
  }
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
