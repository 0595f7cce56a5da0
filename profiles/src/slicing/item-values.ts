import { isJsonObject } from '../schema/is-json-object.js';
import type { ElementNode } from '../structure/element-node.js';
import type { DiscriminatorStep } from './discriminator-path.js';
import { childNamed, resourceDefinition } from './element-child.js';
import { choiceSuffixType, valueType } from './element-types.js';
import type { SlicingContext } from './slicing-context.js';

/** A value met on a discriminator path in an item, with its FHIR type and element where known. */
export interface LocatedValue {
  readonly value: unknown;
  readonly type: string | undefined;
  readonly node: ElementNode | undefined;
}

/** The values a discriminator path selects in an item; `unresolved` when a `resolve()` found nothing. */
export interface Selection {
  readonly values: LocatedValue[];
  readonly unresolved: boolean;
}

/** Evaluates a discriminator path on an item (http://hl7.org/fhir/R4/profiling.html#discriminator). */
export function selectValues(
  start: LocatedValue,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): Selection {
  let values = [start];
  let unresolved = false;
  for (const step of steps) {
    const next: LocatedValue[] = [];
    for (const located of values) {
      if (step.kind === 'resolve') unresolved = !resolveInto(located, context, next) || unresolved;
      else if (step.kind === 'ofType') {
        if (located.type === step.type) next.push(located);
      } else if (isJsonObject(located.value)) {
        if (step.kind === 'child') childValues(located.value, located.node, step.name, context, next);
        else extensionValues(located.value, located.node, step.url, context, next);
      }
    }
    values = next;
  }
  return { values, unresolved };
}

function childValues(
  object: Record<string, unknown>,
  node: ElementNode | undefined,
  name: string,
  context: SlicingContext,
  into: LocatedValue[],
): void {
  const child = node && childNamed(node, name, context);
  if (child?.node.choice && child.type === undefined) {
    for (const key in object) {
      const type = key.startsWith(name) ? choiceSuffixType(child.node, key.slice(name.length)) : undefined;
      if (type !== undefined) push(object[key], type, child.node, into);
    }
    return;
  }
  const values = object[name];
  if (Array.isArray(values)) for (const value of values) push(value, child?.type, child?.node, into);
  else push(values, child?.type, child?.node, into);
}

function extensionValues(
  object: Record<string, unknown>,
  node: ElementNode | undefined,
  url: string,
  context: SlicingContext,
  into: LocatedValue[],
): void {
  const extensions = object.extension;
  if (!Array.isArray(extensions)) return;
  const extensionNode = node && childNamed(node, 'extension', context)?.node;
  for (const extension of extensions) {
    if (isJsonObject(extension) && extension.url === url)
      into.push({ value: extension, type: 'Extension', node: extensionNode });
  }
}

/** Adds the resource a Reference points to; false when it has a reference that cannot be resolved. */
function resolveInto(located: LocatedValue, context: SlicingContext, into: LocatedValue[]): boolean {
  const reference = isJsonObject(located.value) ? located.value.reference : undefined;
  if (typeof reference !== 'string') return true;
  const resource = context.resolve(reference);
  if (!isJsonObject(resource) || typeof resource.resourceType !== 'string') return false;
  into.push({ value: resource, type: resource.resourceType, node: resourceDefinition(resource.resourceType, context) });
  return true;
}

function push(value: unknown, type: string | undefined, node: ElementNode | undefined, into: LocatedValue[]): void {
  if (value === undefined || value === null) return;
  into.push({ value, type: type ?? valueType(node, value), node });
}
