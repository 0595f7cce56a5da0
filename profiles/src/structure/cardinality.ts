import type { CountedChild, PropertyIndex } from './property-index.js';
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
  for (const child of index.counted) {
    const { node, names, twinNames } = child;
    let count = 0;
    let present: string | undefined;
    for (const i of presentIndexes(object, child)) {
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

const ALL = [0];

/**
 * The indexes of `names` to count: a plain element's one name; for a choice, only those the object
 * has, found through its few keys rather than by probing every type (`Extension.value[x]` has 50),
 * in the order of `names`.
 */
function presentIndexes(object: Record<string, unknown>, child: CountedChild): readonly number[] {
  if (child.names.length === 1) return ALL;
  const found: number[] = [];
  for (const key in object) {
    const i = child.nameIndex.get(key);
    if (i !== undefined && !found.includes(i)) found.push(i);
  }
  return found.length > 1 ? found.sort((a, b) => a - b) : found;
}

function countOf(value: unknown): number {
  if (value === undefined) return 0;
  return Array.isArray(value) ? value.length : 1;
}
