import { ReferenceResolver } from './bundle/reference-resolver.js';
import type { EngineContext } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';

/**
 * Conditional references (`Patient?identifier=sys|1`) in a single create or update are
 * resolved as in a transaction (http.html#trules) rather than stored as literal queries that
 * no reader could follow; none or several matches is a 412.
 */
export async function resolveConditionalReferences(request: FhirRequest, context: EngineContext): Promise<void> {
  // A stored Bundle (document, collection, message…) resolves its references among its own
  // entries (bundle.html#references); they are its content, not this server's to rewrite.
  if (request.resourceType === 'Bundle') return;
  // The body is this request's own parse, so it is rewritten in place (no copy on the write path).
  await new ReferenceResolver(context, new Map()).rewrite(request.body, request.resourceType ?? 'Resource');
}
