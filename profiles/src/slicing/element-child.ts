import type { ElementNode } from '../structure/element-node.js';
import { baseDefinitionUrl } from '../structure/structure-definition-source.js';
import { choiceSuffixType } from './element-types.js';
import type { SlicingContext } from './slicing-context.js';

/** A child element and, when the name was a choice property (`valueQuantity`), the type it names. */
export interface ElementChild {
  readonly node: ElementNode;
  readonly type: string | undefined;
}

const children = new WeakMap<ElementNode, Map<string, ElementChild | null>>();

/**
 * A child element by JSON name: `code`, a choice stem `value`, or a choice property `valueQuantity`.
 * A snapshot lists a datatype's children only where the profile constrains them, so an element
 * without children is looked into through its type's definition (its profile, else the core type).
 * Kept per element: trees are rebuilt, not changed, when the definitions change.
 */
export function childNamed(node: ElementNode, name: string, context: SlicingContext): ElementChild | undefined {
  let byName = children.get(node);
  if (!byName) children.set(node, (byName = new Map()));
  let child = byName.get(name);
  if (child === undefined) {
    child = findChild(node, name, context) ?? null;
    byName.set(name, child);
  }
  return child ?? undefined;
}

function findChild(node: ElementNode, name: string, context: SlicingContext): ElementChild | undefined {
  const own = node.children.length > 0 ? node.children : (typeDefinition(node, context)?.children ?? []);
  for (const child of own) {
    if (child.name === name) return { node: child, type: undefined };
    if (child.choice && name.startsWith(child.name)) {
      const type = choiceSuffixType(child, name.slice(child.name.length));
      if (type !== undefined) return { node: child, type };
    }
  }
  return undefined;
}

/** The compiled definition of an element's only type: its only profile, else the core type. */
export function typeDefinition(node: ElementNode, context: SlicingContext): ElementNode | undefined {
  const [type, ...others] = node.types;
  if (!type || others.length > 0) return undefined;
  const profile = type.profile?.length === 1 ? type.profile[0] : undefined;
  return (profile && context.profile(profile)) || context.profile(baseDefinitionUrl(type.code ?? ''));
}

/** The compiled definition of a resource type, for what a reference resolves to. */
export function resourceDefinition(resourceType: string, context: SlicingContext): ElementNode | undefined {
  return context.profile(baseDefinitionUrl(resourceType));
}
