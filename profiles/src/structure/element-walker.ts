import type { ElementDefinitionType } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import { checkCardinality } from './cardinality.js';
import type { ElementNode } from './element-node.js';
import type { ExtensionHost } from './extension-rules.js';
import type { PrimitiveRule } from './primitive-rules.js';
import { propertyIndex, type PropertyEntry, type PropertyIndex } from './property-index.js';
import { checkReference, type ResourceFrame } from './reference-rules.js';
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

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

  /** An extension with a url, on the element `entry` of `host`. */
  protected abstract extension(
    value: JsonObject,
    url: string,
    entry: PropertyEntry,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void;

  protected object(
    object: JsonObject,
    children: readonly ElementNode[],
    host: Host,
    path: string,
    frame: ResourceFrame,
  ): void {
    const index = propertyIndex(children);
    let empty = true;
    for (const key in object) {
      // JSON has no undefined; an object built in code may: such a key is absent.
      if (object[key] === undefined) continue;
      empty = false;
      const entry = index.byName.get(key);
      if (entry) this.property(object, key, entry, host, path, frame);
      else if (!(host.resource && key === 'resourceType')) this.unknownProperty(key, index, host, path);
    }
    if (empty)
      this.walk.error('structure', `${host.path} has no content (json.html: elements SHALL have content)`, path);
    if (index.counted.length > 0) checkCardinality(this.walk, object, index, path);
  }

  private unknownProperty(key: string, index: PropertyIndex, host: Host, path: string): void {
    const expression = `${path}.${SIMPLE_NAME.test(key) ? key : `\`${key.replace(/[`\\]/g, '\\$&')}\``}`;
    const stem = index.choiceStems.find((s) => key.startsWith(s) && /^_?[A-Z]/.test(key.slice(s.length)));
    const message = stem ? `This type is not allowed for ${host.path}.${stem}[x]` : `Unknown element in ${host.path}`;
    this.walk.error('structure', message, expression);
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
    const at = `${path}.${key}`;
    const code = entry.type?.code;
    const rule = code === undefined ? undefined : this.walk.primitives.rule(code);
    const primitive = rule !== undefined;
    if (entry.primitiveExtension && !primitive) return this.unknownProperty(key, propertyIndex([]), host, path);
    if (!entry.repeats) {
      if (Array.isArray(value) || value === null) return this.walk.error('structure', shapeMessage(entry, value), at);
      return entry.primitiveExtension
        ? this.primitiveElement(value, entry, at, frame)
        : this.item(value, entry, rule, at, frame, host);
    }
    if (!Array.isArray(value))
      return this.walk.error('structure', `${entry.node.path} repeats: an array is expected`, at);
    if (value.length === 0) return this.walk.error('structure', 'An array SHALL NOT be empty (json.html#arrays)', at);
    const twin = primitive ? object[entry.primitiveExtension ? key.slice(1) : `_${key}`] : undefined;
    if (entry.primitiveExtension && Array.isArray(twin) && twin.length !== value.length) {
      this.walk.error(
        'structure',
        `_${entry.node.name} must have as many items as ${entry.node.name} (json.html#primitive)`,
        at,
      );
    }
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const itemAt = `${at}[${i}]`;
      if (item === null) {
        if (!Array.isArray(twin) || twin[i] === null || twin[i] === undefined) {
          this.walk.error(
            'structure',
            'null is allowed only where the other array of a primitive has a value (json.html#primitive)',
            itemAt,
          );
        }
      } else if (entry.primitiveExtension) this.primitiveElement(item, entry, itemAt, frame);
      else this.item(item, entry, rule, itemAt, frame, host);
    }
  }

  /** The `_name` object of a primitive: its id and extensions (json.html#primitive). */
  private primitiveElement(value: unknown, entry: PropertyEntry, path: string, frame: ResourceFrame): void {
    const code = entry.type?.code ?? '';
    if (!isJsonObject(value)) return this.walk.error('structure', `_${entry.node.name} must be an object`, path);
    const children = this.walk.trees.typeTree(code)?.children ?? [];
    this.object(value, children, { node: entry.node, path: entry.node.path, type: code }, path, frame);
  }

  private item(
    value: unknown,
    entry: PropertyEntry,
    rule: PrimitiveRule | undefined,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const { node, type } = entry;
    const code = type?.code;
    if (code === undefined || type === undefined) return;
    if (rule) {
      const problem = rule(value);
      if (problem) this.walk.error(problem.code, `${problem.diagnostics} (${node.path})`, path);
      return;
    }
    if (code === 'Resource' || this.walk.trees.isResourceType(code)) return this.nested(value, node, type, path, frame);
    if (!isJsonObject(value)) return this.walk.error('structure', `${node.path} must be a ${code} object`, path);
    if (code === 'Extension' && typeof value.url === 'string')
      return this.extension(value, value.url, entry, path, frame, host);
    const children = node.children.length > 0 ? node.children : this.typeChildren(type);
    this.object(
      value,
      children,
      { node, path: node.path, referencedPath: referencedPath(node), type: code },
      path,
      frame,
    );
    if (code === 'Reference') checkReference(this.walk, value, type, path, frame);
  }

  private typeChildren(type: ElementDefinitionType): readonly ElementNode[] {
    const trees = this.walk.trees;
    const profile = type.profile?.[0];
    return ((profile ? trees.tree(profile) : undefined) ?? trees.typeTree(type.code ?? ''))?.children ?? [];
  }
}

/** `Questionnaire.item.item` is `Questionnaire.item` again (its contentReference), for extension contexts. */
function referencedPath(node: ElementNode): string | undefined {
  const reference = node.definition.contentReference;
  return reference === undefined ? undefined : reference.slice(reference.indexOf('#') + 1);
}

function shapeMessage(entry: PropertyEntry, value: unknown): string {
  return value === null
    ? `${entry.node.path} is null (json.html: null is not a value)`
    : `${entry.node.path} does not repeat: a single value is expected`;
}
