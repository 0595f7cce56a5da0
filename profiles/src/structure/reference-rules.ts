import type { ElementDefinitionType } from '@medplum/fhirtypes';
import type { ElementTrees } from './element-trees.js';
import { isJsonObject } from '../schema/is-json-object.js';
import { PerRevision } from './per-revision.js';
import { coreTypeOf } from './structure-definition-source.js';
import type { Walk } from './walk.js';

/**
 * The resource a reference sits in, for what a reference can point to without a server:
 * its contained resources (`#id`, http://hl7.org/fhir/R4/references.html#contained) and, inside a
 * Bundle, the entries by `fullUrl` (http://hl7.org/fhir/R4/bundle.html#references).
 */
export interface ResourceFrame {
  /** The resource being walked (FHIRPath `%resource`) and its container if contained (`%rootResource`). */
  readonly resource: JsonObject;
  readonly rootResource: JsonObject;
  /** Contained resources by id. */
  readonly contained: ReadonlyMap<string, JsonObject>;
  /** Bundle entry resources by fullUrl, from the nearest enclosing Bundle. */
  readonly entries: ReadonlyMap<string, JsonObject>;
  /** `#id` references met while walking, resolved once the resource is done. */
  readonly localReferences: Map<string, string>;
  /** resolveReference bound to this frame, made once for every node's `resolve()` (FHIRPath, slicing). */
  readonly resolve: (reference: string) => JsonObject | undefined;
}

type JsonObject = Record<string, unknown>;

/** `Patient/1`, `http://x/fhir/Patient/1/_history/2`: the type of a RESTful reference (references.html#literal). */
const LITERAL = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * A relative literal reference `[type]/[id]` (references.html#literal): no scheme (absolute urls,
 * `urn:` are another server's or a Bundle's), no `#`, no search (conditional references `Type?…`).
 */
const RELATIVE = /^([^/?#:]+)\/[^/?#:]+(?:\/_history\/[^/?#:]+)?$/;

const targetCache = new PerRevision<ElementDefinitionType, ReadonlySet<string> | null>();

/**
 * The resource types a Reference may point to, from `targetProfile`
 * (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.type.targetProfile):
 * base definitions name the type, profiles are looked up for theirs. Undefined: any type.
 */
export function referenceTargets(trees: ElementTrees, type: ElementDefinitionType): ReadonlySet<string> | undefined {
  return targetCache.get(trees, type, () => computeTargets(trees, type.targetProfile ?? [])) ?? undefined;
}

function computeTargets(trees: ElementTrees, profiles: readonly string[]): ReadonlySet<string> | null {
  const types = new Set<string>();
  for (const profile of profiles) {
    const type = trees.definition(profile)?.type ?? coreTypeOf(profile);
    // An unknown target profile tells nothing about the type: accept any rather than guess.
    if (type === undefined || type === 'Resource' || type === 'DomainResource') return null;
    types.add(type);
  }
  return types.size === 0 ? null : types;
}

/** The resource a reference points to inside this resource or its Bundle; undefined when not here. */
export function resolveReference(reference: string, frame: ResourceFrame): JsonObject | undefined {
  return reference.startsWith('#') ? frame.contained.get(reference.slice(1)) : frame.entries.get(reference);
}

/** The type a reference string points to, when it can be told here; undefined otherwise. */
export function referencedType(reference: string, frame: ResourceFrame, trees: ElementTrees): string | undefined {
  const resolved = resolveReference(reference, frame);
  if (resolved) {
    const type = resolved.resourceType;
    return typeof type === 'string' && trees.isResourceType(type) ? type : undefined;
  }
  if (reference.startsWith('#')) return undefined;
  const type = LITERAL.exec(reference)?.[1];
  return type !== undefined && trees.isResourceType(type) ? type : undefined;
}

/** `Reference.type` is a type code or the url of its base definition (datatypes.html#Reference). */
export function typeOfTypeElement(value: string): string {
  return coreTypeOf(value) ?? value;
}

/** The frame of a resource that is not contained: its contained ids, and its entries if it is a Bundle. */
export function resourceFrame(resource: JsonObject, enclosing: ResourceFrame | undefined): ResourceFrame {
  const contained = new Map<string, JsonObject>();
  for (const item of arrayOf(resource.contained)) {
    if (isJsonObject(item) && typeof item.id === 'string') contained.set(item.id, item);
  }
  let entries = enclosing?.entries ?? NO_ENTRIES;
  if (resource.resourceType === 'Bundle') {
    const own = new Map<string, JsonObject>();
    for (const entry of arrayOf(resource.entry)) {
      if (isJsonObject(entry) && typeof entry.fullUrl === 'string' && isJsonObject(entry.resource)) {
        own.set(entry.fullUrl, entry.resource);
      }
    }
    entries = own;
  }
  const frame: ResourceFrame = {
    resource,
    rootResource: resource,
    contained,
    entries,
    localReferences: new Map(),
    resolve: (reference) => resolveReference(reference, frame),
  };
  return frame;
}

const NO_ENTRIES: ReadonlyMap<string, JsonObject> = new Map();

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Target types (targetProfile) and `#id` references of one Reference value (references.html). */
export function checkReference(
  walk: Walk,
  value: JsonObject,
  type: ElementDefinitionType,
  path: string,
  frame: ResourceFrame,
): void {
  const reference = value.reference;
  if (typeof reference === 'string' && reference.startsWith('#'))
    frame.localReferences.set(`${path}.reference`, reference);
  const relativeType = typeof reference === 'string' ? RELATIVE.exec(reference)?.[1] : undefined;
  if (relativeType !== undefined && !walk.trees.isResourceType(relativeType)) {
    walk.error(
      'value',
      'A relative reference is [type]/[id] with a resource type (references.html#literal)',
      `${path}.reference`,
    );
  }
  const targets = referenceTargets(walk.trees, type);
  if (!targets) return;
  const allowed = [...targets].join(', ');
  const pointed = typeof reference === 'string' ? referencedType(reference, frame, walk.trees) : undefined;
  if (pointed !== undefined && !targets.has(pointed)) {
    walk.error('structure', `A reference to a ${pointed} where only ${allowed} is allowed`, `${path}.reference`);
  }
  if (typeof value.type === 'string' && !targets.has(typeOfTypeElement(value.type))) {
    walk.error('structure', `Reference.type is not one of ${allowed}`, `${path}.type`);
  }
}
