import type { ElementDefinitionType } from '@medplum/fhirtypes';
import { identifier } from '../schema/fhir-path-expression.js';
import { isJsonObject } from '../schema/is-json-object.js';
import { checkCardinality } from './cardinality.js';
import type { ElementNode } from './element-node.js';
import type { ExtensionHost } from './extension-rules.js';
import type { PrimitiveRule } from './primitive-rules.js';
import { propertyIndex, type PropertyEntry, type PropertyIndex } from './property-index.js';
import { checkReference, type ResourceFrame } from './reference-rules.js';
import { checkInvariants, checkValueRules } from './value-rules.js';
import { assignSlices } from '../slicing/assign-slices.js';
import type { SlicingContext } from '../slicing/slicing-context.js';
import type { Walk } from './walk.js';

export type JsonObject = Record<string, unknown>;

/** The object being walked: the element it is the value of, and that element's type. */
export interface Host extends ExtensionHost {
  readonly node: ElementNode;
  /** The object is a resource, so `resourceType` is one of its properties. */
  readonly resource?: boolean;
  /** The object is an extension whose definition is not known. */
  readonly unknown?: boolean;
}

/** A `_name` twin of a non-primitive is unknown: said against an index with no elements. */
const NO_PROPERTIES = propertyIndex([]);

/**
 * Walks JSON objects along ElementNode children (http://hl7.org/fhir/R4/validation.html#structure):
 * unknown elements, JSON shapes, cardinality, choice types, primitive formats and their `_name`
 * twins, datatypes by their own definitions, references. Each property costs one Map lookup.
 * Resources and extensions, which need the definitions of other urls, are the subclass's.
 */
export abstract class ElementWalker {
  constructor(protected readonly walk: Walk) {}

  /** A nested resource (Bundle.entry.resource, Parameters.parameter.resource, contained). */
  protected abstract nested(
    value: unknown,
    node: ElementNode,
    type: ElementDefinitionType,
    path: string,
    frame: ResourceFrame,
  ): void;

  /** An extension with a url, an item of the `extension` or `modifierExtension` element `node` of `host`. */
  protected abstract extension(
    value: JsonObject,
    url: string,
    node: ElementNode,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void;

  /** What slice assignment needs of the validation around it, for the resource of `frame`. */
  protected abstract slicingContext(frame: ResourceFrame): SlicingContext;

  protected object(
    object: JsonObject,
    children: readonly ElementNode[],
    host: Host,
    path: string,
    frame: ResourceFrame,
  ): void {
    const index = propertyIndex(children);
    let empty = true;
    let refused: string[] | undefined;
    for (const key in object) {
      // JSON has no undefined; an object built in code may: such a key is absent.
      if (object[key] === undefined) continue;
      empty = false;
      const entry = index.byName.get(key);
      if (entry) this.property(object, key, entry, host, path, frame);
      else if (!(host.resource && key === 'resourceType')) {
        const stem = this.unknownProperty(key, index, host, path);
        if (stem !== undefined) (refused ??= []).push(stem);
      }
    }
    // ele-1 (http://hl7.org/fhir/R4/element.html#invariants), said here for the empty object.
    if (empty) this.walk.error('invariant', 'ele-1: All FHIR elements must have a @value or children', path);
    if (index.counted.length > 0) checkCardinality(this.walk, object, index, path, refused);
  }

  /** Reports an unknown property; returns the choice stem when it is a type the choice does not allow. */
  private unknownProperty(key: string, index: PropertyIndex, host: Host, path: string): string | undefined {
    const expression = `${path}.${identifier(key)}`;
    const stem = index.choiceStems.find((s) => key.startsWith(s) && /^_?[A-Z]/.test(key.slice(s.length)));
    const message = stem ? `This type is not allowed for ${host.path}.${stem}[x]` : `Unknown element in ${host.path}`;
    this.walk.error('structure', message, expression);
    return stem;
  }

  private property(
    object: JsonObject,
    key: string,
    entry: PropertyEntry,
    host: Host,
    path: string,
    frame: ResourceFrame,
  ): void {
    const value = object[key];
    // FHIRPath has no `_name`: a primitive's id and extensions are the primitive's (json.html#primitive).
    const at = `${path}.${entry.primitiveExtension ? key.slice(1) : key}`;
    const code = entry.type?.code;
    const rule = code === undefined ? undefined : this.walk.primitives.rule(code);
    if (entry.primitiveExtension && !rule) {
      this.unknownProperty(key, NO_PROPERTIES, host, path);
      return;
    }
    if (!entry.repeats) {
      if (Array.isArray(value) || value === null) return this.walk.error('structure', shapeMessage(entry, value), at);
      if (entry.primitiveExtension) return this.primitiveElement(value, entry, at, frame);
      this.item(value, entry.node, entry.type, rule, at, frame, host);
    } else {
      if (!Array.isArray(value))
        return this.walk.error('structure', `${entry.node.path} repeats: an array is expected`, at);
      if (value.length === 0) return this.walk.error('invalid', 'An array SHALL NOT be empty (json.html#arrays)', at);
      const twin = rule ? object[entry.primitiveExtension ? key.slice(1) : `_${key}`] : undefined;
      this.items(value, twin, entry, rule, at, frame, host);
    }
    if (entry.node.slicing && entry.node.slicing.slices.length > 0 && !entry.primitiveExtension) {
      this.sliced(entry.repeats ? (value as unknown[]) : [value], entry, rule, at, frame, host);
    }
  }

  private items(
    value: readonly unknown[],
    twin: unknown,
    entry: PropertyEntry,
    rule: PrimitiveRule | undefined,
    at: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const { node } = entry;
    if (entry.primitiveExtension && Array.isArray(twin) && twin.length !== value.length) {
      this.walk.error('structure', `_${node.name} must have as many items as ${node.name} (json.html#primitive)`, at);
    }
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const itemAt = `${at}[${i}]`;
      if (item === null) {
        // A null in both arrays is said once, at the value (json.html#primitive).
        const pairedAtValue = entry.primitiveExtension && Array.isArray(twin);
        if (!pairedAtValue && (!Array.isArray(twin) || twin[i] === null || twin[i] === undefined)) {
          const message = 'null is allowed only where the other array of a primitive has a value (json.html#primitive)';
          this.walk.error('structure', message, itemAt);
        }
      } else if (entry.primitiveExtension) this.primitiveElement(item, entry, itemAt, frame);
      else this.item(item, node, entry.type, rule, itemAt, frame, host);
    }
  }

  /**
   * Slices (http://hl7.org/fhir/R4/profiling.html#slicing): each item is assigned to its slice by
   * the slicing module, which also checks the slicing rules; then each item is walked against its
   * slice too (its children, fixed values, bindings). Extensions were already walked by their url.
   */
  private sliced(
    items: readonly unknown[],
    entry: PropertyEntry,
    rule: PrimitiveRule | undefined,
    at: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const context = this.slicingContext(frame);
    const { slices, issues } = assignSlices(
      items,
      entry.node,
      context,
      entry.node.choice ? entry.type?.code : undefined,
    );
    const itemPath = (index: number | undefined): string =>
      index === undefined || !entry.repeats ? at : `${at}[${index}]`;
    for (const issue of issues) this.walk.report(issue.severity, issue.code, issue.diagnostics, itemPath(issue.index));
    if (entry.type?.code === 'Extension') return;
    slices.forEach((slice, index) => {
      const item = items[index];
      if (!slice || item === null || item === undefined) return;
      const type = slice.types.find((t) => t.code === entry.type?.code) ?? entry.type;
      this.item(item, slice, type, rule, itemPath(index), frame, host);
    });
  }

  /** The `_name` object of a primitive: its id and extensions (json.html#primitive). */
  private primitiveElement(value: unknown, entry: PropertyEntry, path: string, frame: ResourceFrame): void {
    const code = entry.type?.code ?? '';
    if (!isJsonObject(value)) return this.walk.error('structure', `_${entry.node.name} must be an object`, path);
    const children = this.walk.trees.typeTree(code)?.children ?? [];
    this.object(value, children, elementHost(entry.node, code), path, frame);
  }

  private item(
    value: unknown,
    node: ElementNode,
    type: ElementDefinitionType | undefined,
    rule: PrimitiveRule | undefined,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const code = type?.code;
    if (code === undefined || type === undefined) return;
    if (rule) {
      const problem = rule(value);
      if (problem) return this.walk.error(problem.code, `${problem.diagnostics} (${node.path})`, path);
      checkValueRules(this.walk, node, code, value, path);
      return checkInvariants(this.walk, node.constraints, value, path, node.path, code, frame);
    }
    if (code === 'Resource' || this.walk.trees.isResourceType(code)) return this.nested(value, node, type, path, frame);
    if (!isJsonObject(value)) return this.walk.error('structure', `${node.path} must be a ${code} object`, path);
    if (code === 'Extension' && typeof value.url === 'string') {
      this.extension(value, value.url, node, path, frame, host);
    } else {
      // The element's own children (a backbone element, a profile's constraints), else its type's tree.
      const tree = node.children.length > 0 ? undefined : this.typeTree(type);
      this.object(value, tree?.children ?? node.children, elementHost(node, code), path, frame);
      if (code === 'Reference') checkReference(this.walk, value, type, path, frame);
      // The type's own constraints (per-1, qty-3, ref-1, …) sit on its tree's root.
      if (tree) checkInvariants(this.walk, tree.constraints, value, path, node.path, code, frame);
    }
    checkValueRules(this.walk, node, code, value, path);
    checkInvariants(this.walk, node.constraints, value, path, node.path, code, frame);
  }

  private typeTree(type: ElementDefinitionType): ElementNode | undefined {
    const trees = this.walk.trees;
    const profile = type.profile?.[0];
    return (profile ? trees.tree(profile) : undefined) ?? trees.typeTree(type.code ?? '');
  }
}

/**
 * The value of `node` as the host of extensions, with each path an extension context may name
 * (defining-extensions.html#context): the node's own, the element its contentReference reuses
 * (`Questionnaire.item.item` → `Questionnaire.item`) and its datatype's (`base.path`).
 */
function elementHost(node: ElementNode, type: string): Host {
  const reference = node.definition.contentReference;
  const referencedPath = reference === undefined ? undefined : reference.slice(reference.indexOf('#') + 1);
  return { node, path: node.path, referencedPath, basePath: node.definition.base?.path, type };
}

function shapeMessage(entry: PropertyEntry, value: unknown): string {
  return value === null
    ? `${entry.node.path} is null (json.html: null is not a value)`
    : `${entry.node.path} does not repeat: a single value is expected`;
}
