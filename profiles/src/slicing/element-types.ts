import { isJsonObject } from '../schema/is-json-object.js';
import type { ElementNode } from '../structure/element-node.js';

const ABSTRACT_RESOURCE = new Set(['Resource', 'DomainResource']);

/** The type of a JSON value at a (non-choice) element: a resource's `resourceType`, else the element's only type. */
export function valueType(node: ElementNode | undefined, value: unknown): string | undefined {
  const resourceType = isJsonObject(value) ? value.resourceType : undefined;
  if (typeof resourceType === 'string' && (!node || node.types.every((t) => ABSTRACT_RESOURCE.has(t.code ?? '')))) {
    return resourceType;
  }
  return node?.types.length === 1 ? node.types[0]?.code : undefined;
}

/** The type a choice property's suffix names (`valueQuantity` → `Quantity`, `valueString` → `string`). */
export function choiceSuffixType(node: ElementNode, suffix: string): string | undefined {
  for (const { code } of node.types) {
    if (code && code.charAt(0).toUpperCase() + code.slice(1) === suffix) return code;
  }
  return undefined;
}
