import type { PropertyIndex } from './property-index.js';
import type { Walk } from './walk.js';

/**
 * Cardinality (http://hl7.org/fhir/R4/profiling.html#cardinality) of the counted children of one
 * object: too few → `required`, too many or a prohibited one → `structure`, and at most one type
 * of a choice element (http://hl7.org/fhir/R4/formats.html#choice). A primitive counts where its
 * value or its `_name` extension is present (json.html#primitive).
 */
export function checkCardinality(
  walk: Walk,
  object: Record<string, unknown>,
  index: PropertyIndex,
  path: string,
  /** Choice stems present with a type the element does not allow: said already, not missing too. */
  refused?: readonly string[],
): void {
  for (const { node, names, twinNames } of index.counted) {
    let count = 0;
    let present: string | undefined;
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i] ?? '';
      const n = Math.max(countOf(object[name]), countOf(object[twinNames[i] ?? '']));
      if (n === 0) continue;
      if (present !== undefined) {
        walk.error('structure', `Only one type of ${node.path} may be present`, `${path}.${name}`);
      }
      present ??= name;
      count = present === name ? count + n : count;
    }
    if (count < node.min && !(node.choice && refused?.includes(node.name))) {
      walk.error(
        'required',
        `${node.path}: minimum required = ${node.min}, but only found ${count}`,
        `${path}.${present ?? node.name}`,
      );
    } else if (count > node.max) {
      walk.error(
        'structure',
        `${node.path}: maximum allowed = ${node.max}, but found ${count}`,
        `${path}.${present ?? node.name}`,
      );
    }
  }
}

function countOf(value: unknown): number {
  if (value === undefined) return 0;
  return Array.isArray(value) ? value.length : 1;
}
