import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

/** fhirpath.js's ResourceNode, as far as read here. */
interface ResourceNodeLike {
  readonly data: unknown;
  readonly propName?: string | null;
  readonly parentResNode: ResourceNodeLike | null;
}

const descendants = fhirpath.compile('descendants()', r4, { resolveInternalTypes: false });

/** A type and the types derived from it in the R4 model (`uri`: url, canonical, oid, uuid). */
function typeFamily(root: string): ReadonlySet<string> {
  const family = new Set([root]);
  for (const type of Object.keys(r4.type2Parent)) {
    for (let t: string | undefined = type; t !== undefined; t = r4.type2Parent[t]) {
      if (t === root) family.add(type);
    }
  }
  return family;
}

const URI_FAMILY = typeFamily('uri');
const CANONICAL_FAMILY = typeFamily('canonical');

interface TypedNode {
  readonly node: ResourceNodeLike;
  readonly type: string;
}

/** `descendants().X` and `descendants().ofType(uri-family)` values, with each node's type. */
function typedDescendants(resource: object): TypedNode[] {
  const nodes = descendants(resource) as ResourceNodeLike[];
  const types = fhirpath.types(nodes);
  return nodes.map((node, i) => ({ node, type: (types[i] ?? '').replace(/^(FHIR|System)\./, '') }));
}

/** The value a node contributes to dom-3's reference set, when it does. */
function referenceValue({ node, type }: TypedNode): unknown {
  return node.propName === 'reference' || URI_FAMILY.has(type) ? node.data : undefined;
}

/** The contained resource a descendant sits in, if any (by walking up to a contained item). */
function containedOwner(node: ResourceNodeLike, contained: ReadonlySet<unknown>): unknown {
  for (let n: ResourceNodeLike | null = node.parentResNode; n !== null; n = n.parentResNode) {
    if (contained.has(n.data)) return n.data;
  }
  return undefined;
}

/**
 * dom-3 (http://hl7.org/fhir/R4/domainresource.html#invariants) on fhirpath.js's own
 * `descendants()`, walked once: every contained resource must be referenced — `'#' + id` among
 * the `reference` values and uri-typed values (canonical, url, uri, oid, uuid) of the resource —
 * or refer to its container (`#`) itself. fhirpath.js needs over a second for the spec's form on
 * the official List-prognosis example (four walks of the resource per contained resource, each
 * item filtered by `ofType`); this takes about a millisecond. `idRequired` is the later wording
 * (`id.exists() and …`); `selfTypes` the types whose `#` value counts as referring to the container.
 */
export function dom3Holds(resource: object, idRequired: boolean, uriSelfReference: boolean): boolean {
  const contained = (resource as { contained?: unknown }).contained;
  if (!Array.isArray(contained) || contained.length === 0) return true;
  const all = typedDescendants(resource);
  const references = new Set(all.map(referenceValue).filter((value) => value !== undefined));
  const members = new Set<unknown>(contained);
  const selfTypes = uriSelfReference ? URI_FAMILY : CANONICAL_FAMILY;
  const referringToContainer = new Set<unknown>();
  for (const typed of all) {
    const isSelf = typed.node.data === '#' && (typed.node.propName === 'reference' || selfTypes.has(typed.type));
    if (isSelf) referringToContainer.add(containedOwner(typed.node, members));
  }
  return contained.every((item: unknown) => {
    if (referringToContainer.has(item)) return true;
    const id = (item as { id?: unknown } | null)?.id;
    // Without an id, `'#' + id` is empty: the first wording then keeps the item (empty `where`).
    if (typeof id !== 'string') return !idRequired;
    return references.has(`#${id}`);
  });
}
