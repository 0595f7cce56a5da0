import type { InvariantContext } from './invariant-context.js';

type Verdict = boolean | undefined;
type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bundle.entry items as objects, or undefined when one is not (left to FHIRPath). */
function entries(node: unknown): readonly JsonObject[] | undefined {
  if (!isObject(node)) return undefined;
  const entry = node.entry ?? [];
  return Array.isArray(entry) && entry.every(isObject) ? entry : undefined;
}

/**
 * bdl-3 / bdl-4 (http://hl7.org/fhir/R4/bundle.html#invariants):
 * `entry.all(request.exists() = (%resource.type = 'batch' or …))`. Every entry has the element
 * exactly when `%resource.type` is one of the types; FHIRPath decides when type is not a code.
 */
function entryElementFor(element: 'request' | 'response', types: readonly string[]) {
  return (node: unknown, at: InvariantContext): Verdict => {
    const type = (at.resource as { type?: unknown }).type;
    const items = entries(node);
    if (typeof type !== 'string' || !items) return undefined;
    const wanted = types.includes(type);
    return items.every((item) => (item[element] !== undefined && item[element] !== null) === wanted);
  };
}

export const bdl3 = entryElementFor('request', ['batch', 'transaction', 'history']);
export const bdl4 = entryElementFor('response', ['batch-response', 'transaction-response', 'history']);

/**
 * bdl-7 `(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()`:
 * fullUrl + versionId unique among the entries that have a fullUrl (`&` reads a missing versionId as '').
 */
export function bdl7(node: unknown): Verdict {
  const items = entries(node);
  if (!items || !isObject(node)) return undefined;
  if (node.type === 'history') return true;
  const seen = new Set<string>();
  for (const item of items) {
    if (item._fullUrl !== undefined) return undefined;
    if (item.fullUrl === undefined) continue;
    const resource = item.resource;
    const meta = isObject(resource) && isObject(resource.meta) ? resource.meta : {};
    const versionId = meta.versionId ?? '';
    if (typeof item.fullUrl !== 'string' || typeof versionId !== 'string' || meta._versionId !== undefined)
      return undefined;
    const key = `${item.fullUrl}\u0000${versionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
