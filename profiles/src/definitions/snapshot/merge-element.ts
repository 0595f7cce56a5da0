import type { ElementDefinition, ElementDefinitionConstraint, Extension } from '@medplum/fhirtypes';

/**
 * Applies a differential element to its snapshot element (http://hl7.org/fhir/R4/profiling.html#snapshot):
 * what the differential states (all but id, path and base) replaces what the base says (min/max narrowed, types narrowed,
 * fixed[x]/pattern[x], binding, slicing, mustSupport, texts); constraints, conditions, mappings
 * and extensions are added to the base's (a constraint with the same key is replaced).
 */
export function mergeElement(base: ElementDefinition, diff: ElementDefinition): ElementDefinition {
  const { id: _id, path: _path, base: _base, ...stated } = structuredClone(diff);
  const merged: ElementDefinition = { ...base, ...stated };
  // A differential binding or slicing may state only what it changes (a stronger strength, the rules).
  if (base.binding && diff.binding) merged.binding = { ...base.binding, ...stated.binding };
  if (base.slicing && diff.slicing) merged.slicing = { ...base.slicing, ...stated.slicing };
  merged.constraint = byKey(base.constraint, diff.constraint, (c: ElementDefinitionConstraint) => c.key);
  merged.condition = byKey(base.condition, diff.condition, (c: string) => c);
  merged.mapping = byKey(base.mapping, diff.mapping, (m) => `${m.identity}|${m.map}`);
  merged.extension = byKey(base.extension, diff.extension, (e: Extension) => e.url);
  for (const key of ['constraint', 'condition', 'mapping', 'extension'] as const) {
    if (merged[key] === undefined) delete merged[key];
  }
  return merged;
}

function byKey<T>(
  base: readonly T[] | undefined,
  added: readonly T[] | undefined,
  key: (item: T) => unknown,
): T[] | undefined {
  if (!added?.length) return base ? [...base] : undefined;
  const replaced = new Set(added.map(key));
  return [...(base ?? []).filter((item) => !replaced.has(key(item))), ...structuredClone(added)];
}
