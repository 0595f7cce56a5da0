import type { Resource } from '@medplum/fhirtypes';

/**
 * References to this server written as absolute URLs (`http://host/fhir/Patient/1`) mean the
 * same as relative ones (http://hl7.org/fhir/R4/references.html#literal), so search must match
 * them alike. The index is built from a view with such references made relative (the stored
 * resource keeps what the client sent), and search values get the same treatment.
 */
export function withLocalReferencesRelative(resource: Resource, baseUrl: string): Resource {
  return relative(resource, `${baseUrl}/`) as Resource;
}

/** Search values naming this server's base, made relative. */
export function localQueryRelative(query: Array<[string, string]>, baseUrl: string): Array<[string, string]> {
  const base = `${baseUrl}/`;
  return query.map(([name, value]) => [
    name,
    value
      .split(',')
      .map((part) => strip(part, base))
      .join(','),
  ]);
}

function relative(node: unknown, base: string): unknown {
  if (Array.isArray(node)) {
    const items = node.map((item) => relative(item, base));
    return items.some((item, i) => item !== node[i]) ? items : node;
  }
  if (typeof node !== 'object' || node === null) return node;
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(node)) {
    const next = key === 'reference' && typeof value === 'string' ? strip(value, base) : relative(value, base);
    if (next !== value) (copy ??= { ...node })[key] = next;
  }
  return copy ?? node;
}

function strip(value: string, base: string): string {
  return value.startsWith(base) ? value.slice(base.length) : value;
}
