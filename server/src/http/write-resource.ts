import type { ParameterizedContext } from 'koa';
import type { FhirState } from '../middleware/request-context.js';
import { FHIR_JSON, FHIR_XML } from './media-types.js';
import { jsonToXml } from './xml/json-to-xml.js';

/**
 * Writes a resource as the body, in the negotiated format (http.html#mime-type; JSON when no
 * negotiation happened, e.g. a 406) and indented when `_pretty=true` (http.html#parameters).
 */
export function writeResource(ctx: ParameterizedContext<FhirState>, resource: object): void {
  const pretty = ctx.query._pretty === 'true';
  if (ctx.state.format === 'xml') {
    ctx.body = jsonToXml(resource, pretty);
    ctx.type = FHIR_XML;
    return;
  }
  ctx.body = pretty ? JSON.stringify(resource, null, 2) : JSON.stringify(resource);
  ctx.type = FHIR_JSON;
}
