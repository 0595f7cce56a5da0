import type { Coding, Resource } from '@medplum/fhirtypes';
import type { ResultShape } from './search-query.js';
import { summaryElements } from './summary-elements.js';

/** The tag of a resource that is not whole (http://hl7.org/fhir/R4/search.html#summary). */
export const SUBSETTED: Readonly<Coding> = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
};

/** Kept by every subset: what identifies the resource and carries the SUBSETTED tag. */
const ALWAYS_KEPT = ['resourceType', 'id', 'meta'];

/**
 * The resource as `_summary` / `_elements` ask for it (search.html#summary, search.html#elements):
 * a new object with the top-level elements kept and SUBSETTED added to a copy of `meta.tag`, so a
 * client cannot save it over the full one by mistake; the stored resource is never changed.
 * `_summary=true` keeps the summary elements at every level, and meta whole. Without a shape,
 * the resource itself.
 */
export function subsetResource(resource: Resource, shape: ResultShape): Resource {
  const copy = subsetCopy(resource, shape);
  if (copy === undefined) return resource;
  const tags = resource.meta?.tag ?? [];
  const tagged = tags.some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code);
  copy.meta = { ...resource.meta, tag: tagged ? [...tags] : [...tags, { ...SUBSETTED }] };
  return copy;
}

function subsetCopy(resource: Resource, shape: ResultShape): Resource | undefined {
  if (shape.summary === 'true')
    return summaryElements(resource as unknown as Record<string, unknown>) as unknown as Resource;
  const keep = keptElement(shape);
  if (keep === undefined) return undefined;
  const entries: Array<[string, unknown]> = Object.entries(resource);
  return Object.fromEntries(entries.filter(([key]) => keep(key))) as unknown as Resource;
}

function keptElement(shape: ResultShape): ((key: string) => boolean) | undefined {
  if (shape.elements !== undefined) {
    // `_birthDate` carries the id/extensions of the primitive `birthDate` (json.html#primitive).
    const kept = new Set([...ALWAYS_KEPT, ...shape.elements, ...shape.elements.map((e) => `_${e}`)]);
    return (key) => kept.has(key);
  }
  if (shape.summary === 'data') return (key) => key !== 'text';
  // R4 also keeps the mandatory top-level elements for `text`; which they are is in the
  // StructureDefinitions, not loaded here, so this returns less (id, meta and the narrative).
  if (shape.summary === 'text') return (key) => ALWAYS_KEPT.includes(key) || key === 'text';
  return undefined;
}
