import type { ElementDefinition } from '@medplum/fhirtypes';

/**
 * Element ids (http://hl7.org/fhir/R4/elementdefinition.html#id): the path with `:sliceName` after
 * a sliced segment and `/reslice` after a slice name, e.g. `Observation.component:systolic.code`.
 * Slice names hold no dots, so a dot always separates segments.
 */

/** `Observation.component:systolic.code` → `Observation.component:systolic`; the root → undefined. */
export function parentId(id: string): string | undefined {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? undefined : id.slice(0, dot);
}

/** The last segment of an id: `code`, `component:systolic`. */
export function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}

/** For a slice id, the id of the element it slices: `a.b:x` → `a.b`, `a.b:x/y` → `a.b:x`; else undefined. */
export function slicedId(id: string): string | undefined {
  const segment = lastSegment(id);
  const cut = segment.includes('/') ? segment.lastIndexOf('/') : segment.indexOf(':');
  return cut < 0 ? undefined : id.slice(0, id.length - segment.length + cut);
}

/** True when `id` is below `ancestor` (a child, a slice, a slice's child, …). */
export function isWithin(id: string, ancestor: string): boolean {
  if (!id.startsWith(ancestor) || id.length === ancestor.length) return false;
  const next = id.charAt(ancestor.length);
  return next === '.' || next === ':' || next === '/';
}

/** The index after the last element that belongs to `elements[index]`: its children and its slices. */
export function familyEnd(elements: readonly ElementDefinition[], index: number): number {
  const id = elements[index]?.id ?? '';
  let end = index + 1;
  while (end < elements.length && isWithin(elements[end]?.id ?? '', id)) end++;
  return end;
}
