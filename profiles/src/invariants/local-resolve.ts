import type { InvariantContext } from './invariant-context.js';

/** The part of fhirpath.js's evaluation context (`this` of a user function) used here. */
interface FhirPathContext {
  readonly vars: Readonly<Record<string, unknown>>;
}

/** fhirpath.js's ResourceNode, as far as used here (the class itself is not exported). */
interface ResourceNodeLike {
  readonly data: unknown;
  readonly constructor: {
    makeResNode(ctx: FhirPathContext, data: unknown, parent: null, path: null, _data: null, type: null): unknown;
  };
}

/** The evaluation variable that carries the node's InvariantContext to `resolve()`. */
export const CONTEXT_VARIABLE = 'nexusInvariantContext';

function localTarget(reference: string, at: InvariantContext): unknown {
  const found = at.resolve?.(reference);
  if (found !== undefined) return found;
  if (reference === '#') return at.rootResource;
  if (!reference.startsWith('#')) return undefined;
  const contained = (at.rootResource as { contained?: unknown }).contained;
  const id = reference.slice(1);
  return Array.isArray(contained)
    ? contained.find((item: unknown) => (item as { id?: unknown } | null)?.id === id)
    : undefined;
}

/**
 * FHIRPath `resolve()` (http://hl7.org/fhir/R4/fhirpath.html#functions) without a server:
 * fhirpath.js's own fetches it over HTTP and only in async mode. Here a Reference resolves to a
 * contained resource (`#id`), the container (`#`), or what `InvariantContext.resolve` finds (Bundle
 * entries); anything else resolves to nothing, as the spec allows for a reference that cannot be
 * resolved. Results are ResourceNodes so `is`, `ofType` and navigation stay typed.
 */
export const resolveFunction = {
  fn: function resolve(this: FhirPathContext, coll: readonly ResourceNodeLike[]): unknown[] {
    const at = this.vars[CONTEXT_VARIABLE] as InvariantContext | undefined;
    if (!at) return [];
    const resolved: unknown[] = [];
    for (const node of coll) {
      const reference = (node.data as { reference?: unknown } | null)?.reference;
      if (typeof reference !== 'string') continue;
      const target = localTarget(reference, at);
      if (target !== null && typeof target === 'object') {
        resolved.push(node.constructor.makeResNode(this, target, null, null, null, null));
      }
    }
    return resolved;
  },
  arity: { 0: [] },
  internalStructures: true,
};
