import type { ElementDefinitionType } from '@medplum/fhirtypes';
import type { ElementNode } from './element-node.js';

/** What a JSON property of an object stands for. */
export interface PropertyEntry {
  readonly node: ElementNode;
  /** The type the property name selects (the one type of a plain element, the suffix of a choice). */
  readonly type: ElementDefinitionType | undefined;
  /** `_name`: the id and extensions of a primitive (http://hl7.org/fhir/R4/json.html#primitive). */
  readonly primitiveExtension: boolean;
  /** The element repeats, so its JSON is an array (decided by the base definition, json.html#arrays). */
  readonly repeats: boolean;
}

/** The JSON view of one set of sibling elements, computed once per `children` array. */
export interface PropertyIndex {
  readonly byName: ReadonlyMap<string, PropertyEntry>;
  /** Children whose count needs checking: required, bounded repeats, prohibited, or choices. */
  readonly counted: readonly CountedChild[];
  /** Stems of the choice elements (`value`), to tell a disallowed type from an unknown name. */
  readonly choiceStems: readonly string[];
}

export interface CountedChild {
  readonly node: ElementNode;
  /** Every JSON property name that holds this element: `name`, or `valueString`, `valueQuantity`, … */
  readonly names: readonly string[];
  /** The same names with `_`: where a primitive's id and extensions sit. */
  readonly twinNames: readonly string[];
  /** Each of `names` and `twinNames` → its index in `names`. */
  readonly nameIndex: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<readonly ElementNode[], PropertyIndex>();

export function propertyIndex(children: readonly ElementNode[]): PropertyIndex {
  let index = indexes.get(children);
  if (!index) {
    index = buildIndex(children);
    indexes.set(children, index);
  }
  return index;
}

/** `value` + `Quantity` → `valueQuantity` (http://hl7.org/fhir/R4/formats.html#choice). */
export function choiceProperty(stem: string, typeCode: string): string {
  return stem + typeCode.charAt(0).toUpperCase() + typeCode.slice(1);
}

/**
 * JSON uses an array where the base element repeats, whatever a profile narrows `max` to
 * (http://hl7.org/fhir/R4/json.html#arrays): a profile with `name` 1..1 still has `"name": [..]`.
 */
export function repeats(node: ElementNode): boolean {
  const max = node.definition.base?.max ?? node.definition.max ?? '1';
  return max !== '1' && max !== '0';
}

function buildIndex(children: readonly ElementNode[]): PropertyIndex {
  const byName = new Map<string, PropertyEntry>();
  const counted: CountedChild[] = [];
  const choiceStems: string[] = [];
  for (const node of children) {
    // The `value` of a primitive type is the JSON primitive itself, not a property.
    if (node.name === 'value' && isValueOfPrimitive(node)) continue;
    const many = repeats(node);
    const names: string[] = [];
    if (node.choice) choiceStems.push(node.name);
    const typed = node.choice ? node.types : [node.types.length === 1 ? node.types[0] : undefined];
    for (const type of typed) {
      const name = node.choice && type?.code ? choiceProperty(node.name, type.code) : node.name;
      if (byName.has(name)) continue;
      names.push(name);
      byName.set(name, { node, type, primitiveExtension: false, repeats: many });
      byName.set(`_${name}`, { node, type, primitiveExtension: true, repeats: many });
    }
    if (node.min > 0 || node.max === 0 || node.choice || (many && node.max !== Infinity))
      counted.push(countedChild(node, names));
  }
  return { byName, counted, choiceStems };
}

function countedChild(node: ElementNode, names: string[]): CountedChild {
  const twinNames = names.map((name) => `_${name}`);
  const nameIndex = new Map<string, number>();
  names.forEach((name, i) => nameIndex.set(name, i).set(`_${name}`, i));
  return { node, names, twinNames, nameIndex };
}

/** `string.value`, `date.value`: the element holding a primitive's own value (one path segment deep). */
function isValueOfPrimitive(node: ElementNode): boolean {
  const path = node.path;
  return path.indexOf('.') === path.lastIndexOf('.') && path.charAt(0) === path.charAt(0).toLowerCase();
}
