import type { Resource } from '@medplum/fhirtypes';

/**
 * Whether an update would store what is already current: equal content, ignoring the meta the
 * server owns (versionId, lastUpdated) and key order. Such an update writes no new version — a
 * feed that resends the same message, or a client that retries, leaves history as it was.
 */
export function isUnchanged(current: Resource | undefined, next: Resource): boolean {
  return current !== undefined && canonical(withoutServerMeta(current)) === canonical(withoutServerMeta(next));
}

function withoutServerMeta(resource: Resource): Resource {
  if (!resource.meta) return resource;
  const { versionId: _versionId, lastUpdated: _lastUpdated, ...meta } = resource.meta;
  const { meta: _meta, ...rest } = resource;
  return (Object.keys(meta).length === 0 ? rest : { ...rest, meta }) as Resource;
}

/** JSON with object keys sorted, so that key order does not count as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node !== null && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}
