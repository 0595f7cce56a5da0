import type { ElementDefinitionType } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import { checkCardinality } from './cardinality.js';
import type { ElementNode } from './element-node.js';
import { contextAllows, findExtension, type ExtensionHost } from './extension-rules.js';
import { propertyIndex, type PropertyEntry, type PropertyIndex } from './property-index.js';
import {
  referencedType,
  referenceTargets,
  resourceFrame,
  typeOfTypeElement,
  type ResourceFrame,
} from './reference-rules.js';
import { BASE_URL_PREFIX } from './structure-definition-source.js';
import type { Walk } from './walk.js';

type JsonObject = Record<string, unknown>;

/** The object being walked: the element it is the value of, and that element's type. */
interface Host extends ExtensionHost {
  readonly node: ElementNode;
  /** The object is a resource, so `resourceType` is one of its properties. */
  readonly resource?: boolean;
  /** The object is an extension whose definition is not known. */
  readonly unknown?: boolean;
}

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Walks a resource's JSON along the ElementNode tree of its definitions
 * (http://hl7.org/fhir/R4/validation.html#structure): unknown elements, JSON shapes, cardinality,
 * choice types, primitive formats and their `_name` extensions, nested and contained resources,
 * references and extensions. Each object costs one Map lookup per property.
 */
export class StructureWalker {
  constructor(private readonly walk: Walk) {}

  /**
   * A resource against its base definition and, in `profiles` mode, the profiles it claims, plus
   * `profiles`; `#id` references are resolved once it is done. A contained resource shares its
   * container's frame (references.html#contained).
   */
  resource(
    resource: JsonObject,
    path: string,
    profiles: readonly string[],
    shared?: ResourceFrame,
    enclosing?: ResourceFrame,
  ): void {
    const type = resource.resourceType;
    if (typeof type !== 'string' || !this.walk.trees.isResourceType(type)) return;
    const tree = this.walk.trees.typeTree(type);
    if (!tree) return;
    const frame = shared ?? resourceFrame(resource, enclosing);
    this.against(resource, tree, path, frame);
    const claimed = this.walk.options.mode === 'profiles' ? claimedProfiles(resource) : [];
    for (const url of claimed) this.profile(resource, url, path, frame, 'warning');
    for (const url of profiles) this.profile(resource, url, path, frame, 'error');
    if (!shared) this.resolveLocalReferences(frame);
  }

  private profile(
    resource: JsonObject,
    url: string,
    path: string,
    frame: ResourceFrame,
    unknown: 'warning' | 'error',
  ): void {
    const tree = this.walk.trees.tree(url);
    if (!tree) {
      this.walk.report(unknown, 'not-found', `Profile ${url} is not known here`, path);
    } else if (tree.path !== resource.resourceType) {
      this.walk.error('structure', `Profile ${url} is for ${tree.path}, not ${String(resource.resourceType)}`, path);
    } else {
      this.against(resource, tree, path, frame);
    }
  }

  private against(resource: JsonObject, tree: ElementNode, path: string, frame: ResourceFrame): void {
    this.object(resource, tree.children, { node: tree, path: tree.path, type: tree.path, resource: true }, path, frame);
  }

  private resolveLocalReferences(frame: ResourceFrame): void {
    for (const [path, reference] of frame.localReferences) {
      if (reference !== '#' && !frame.contained.has(reference.slice(1))) {
        this.walk.error('not-found', 'No contained resource has the id this reference names', path);
      }
    }
  }

  private object(
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
    const primitive = code !== undefined && this.walk.primitives.rule(code) !== undefined;
    if (entry.primitiveExtension && !primitive) return this.unknownProperty(key, propertyIndex([]), host, path);
    if (!entry.repeats) {
      if (Array.isArray(value) || value === null) return this.walk.error('structure', shapeMessage(entry, value), at);
      return entry.primitiveExtension
        ? this.primitiveElement(value, entry, at, frame)
        : this.item(value, entry, at, frame, host);
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
      else this.item(item, entry, itemAt, frame, host);
    }
  }

  /** The `_name` object of a primitive: its id and extensions (json.html#primitive). */
  private primitiveElement(value: unknown, entry: PropertyEntry, path: string, frame: ResourceFrame): void {
    const code = entry.type?.code ?? '';
    if (!isJsonObject(value)) return this.walk.error('structure', `_${entry.node.name} must be an object`, path);
    const children = this.walk.trees.typeTree(code)?.children ?? [];
    this.object(value, children, { node: entry.node, path: entry.node.path, type: code }, path, frame);
  }

  private item(value: unknown, entry: PropertyEntry, path: string, frame: ResourceFrame, host: Host): void {
    const { node, type } = entry;
    const code = type?.code;
    if (code === undefined || type === undefined) return;
    const rule = this.walk.primitives.rule(code);
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
    if (code === 'Reference') this.reference(value, type, path, frame);
  }

  private typeChildren(type: ElementDefinitionType): readonly ElementNode[] {
    const trees = this.walk.trees;
    const profile = type.profile?.[0];
    return ((profile ? trees.tree(profile) : undefined) ?? trees.typeTree(type.code ?? ''))?.children ?? [];
  }

  /** Bundle.entry.resource, Parameters.parameter.resource, contained: each by its own type. */
  private nested(
    value: unknown,
    node: ElementNode,
    type: ElementDefinitionType,
    path: string,
    frame: ResourceFrame,
  ): void {
    if (!isJsonObject(value) || typeof value.resourceType !== 'string') {
      return this.walk.error('structure', `${node.path} must be a resource`, path);
    }
    const contained = node.name === 'contained';
    this.resource(value, path, type.profile ?? [], contained ? frame : undefined, frame);
  }

  /** An extension by its url: a known definition, its context, or the unknown-extension rule (extensibility.html). */
  private extension(
    value: JsonObject,
    url: string,
    entry: PropertyEntry,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const known = findExtension(this.walk.trees, entry.node, url);
    let node = known?.node;
    if (known?.definition && !contextAllows(this.walk.trees, known.definition, host)) {
      // A warning: R4's own snapshots put structuredefinition-fhir-type on ElementDefinition.type,
      // where its context says ElementDefinition.type.code; real data breaks contexts as freely.
      this.walk.report('warning', 'extension', `Extension ${url} is not allowed on ${host.path}`, path);
    }
    // The parts of an unknown complex extension (relative urls) are unknown with it: said once.
    const partOfUnknown = host.unknown === true && !url.includes(':');
    if (!node) {
      if (!partOfUnknown) this.unknownExtension(url, entry.node.name === 'modifierExtension', path);
      node = this.walk.trees.typeTree('Extension');
    }
    if (!node) return;
    const extensionHost = { node, path: node.path, type: 'Extension', extensionUrl: url, unknown: !known };
    this.object(value, node.children, extensionHost, path, frame);
  }

  /**
   * An unknown modifier extension changes the meaning of its host, so it is reported even under
   * `ignore` (extensibility.html#modifierExtension); storing it is no processing, so the rule decides its severity.
   */
  private unknownExtension(url: string, modifier: boolean, path: string): void {
    const rule = this.walk.options.unknownExtensions;
    if (rule === 'ignore' && !modifier) return;
    const severity = rule === 'ignore' ? 'warning' : rule;
    this.walk.report(severity, 'extension', `Unknown ${modifier ? 'modifier ' : ''}extension ${url}`, path);
  }

  /** Target types (targetProfile) and `#id` references (references.html). */
  private reference(value: JsonObject, type: ElementDefinitionType, path: string, frame: ResourceFrame): void {
    const reference = value.reference;
    if (typeof reference === 'string' && reference.startsWith('#'))
      frame.localReferences.set(`${path}.reference`, reference);
    const targets = referenceTargets(this.walk.trees, type);
    if (!targets) return;
    const allowed = [...targets].join(', ');
    const pointed = typeof reference === 'string' ? referencedType(reference, frame, this.walk.trees) : undefined;
    if (pointed !== undefined && !targets.has(pointed)) {
      this.walk.error('structure', `A reference to a ${pointed} where only ${allowed} is allowed`, `${path}.reference`);
    }
    if (typeof value.type === 'string' && !targets.has(typeOfTypeElement(value.type))) {
      this.walk.error('structure', `Reference.type is not one of ${allowed}`, `${path}.type`);
    }
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

/** `meta.profile` (http://hl7.org/fhir/R4/resource-definitions.html#Meta.profile), base definitions left out. */
function claimedProfiles(resource: JsonObject): string[] {
  const meta = resource.meta;
  const profiles = isJsonObject(meta) && Array.isArray(meta.profile) ? meta.profile : [];
  return profiles.filter(
    (url): url is string => typeof url === 'string' && url !== `${BASE_URL_PREFIX}${String(resource.resourceType)}`,
  );
}
