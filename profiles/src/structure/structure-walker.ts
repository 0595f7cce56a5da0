import type { ElementDefinitionType } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import type { ElementNode } from './element-node.js';
import { ElementWalker, type Host, type JsonObject } from './element-walker.js';
import { checkExtensionUse, findExtension, reportUnknownExtension } from './extension-rules.js';
import { resourceFrame, type ResourceFrame } from './reference-rules.js';
import { checkInvariants } from './value-rules.js';
import type { SlicingContext } from '../slicing/slicing-context.js';
import { TerminologyNotes } from '../terminology/terminology-notes.js';
import type { Walk } from './walk.js';
import { baseDefinitionUrl } from './structure-definition-source.js';

/**
 * Walks a resource along the trees of its definitions (http://hl7.org/fhir/R4/validation.html#structure):
 * its base type, the profiles it claims or must meet, its contained and nested resources, and its
 * extensions by their own definitions.
 */
export class StructureWalker extends ElementWalker {
  private readonly contexts = new WeakMap<ResourceFrame, SlicingContext>();

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
    // A contained resource is its own %resource, its container the %rootResource; #ids are the container's.
    const frame = shared ? { ...shared, resource } : resourceFrame(resource, enclosing);
    this.against(resource, tree, path, frame);
    const claimed = this.walk.options.mode === 'profiles' ? claimedProfiles(resource) : [];
    for (const [i, url] of claimed) this.profile(resource, url, path, frame, `${path}.meta.profile[${i}]`);
    for (const url of profiles) this.profile(resource, url, path, frame);
    if (!shared) this.resolveLocalReferences(frame);
  }

  private profile(
    resource: JsonObject,
    url: string,
    path: string,
    frame: ResourceFrame,
    /** Where the resource claims it (`meta.profile[i]`): unknown there is a warning; asked for, an error. */
    claimedAt?: string,
  ): void {
    const tree = this.walk.trees.tree(url);
    if (!tree) {
      const message = `Profile ${url} is not known here`;
      this.walk.report(claimedAt ? 'warning' : 'error', 'not-found', message, claimedAt ?? path);
    } else if (tree.path !== resource.resourceType) {
      this.walk.error('structure', `Profile ${url} is for ${tree.path}, not ${String(resource.resourceType)}`, path);
    } else {
      this.against(resource, tree, path, frame);
    }
  }

  private against(resource: JsonObject, tree: ElementNode, path: string, frame: ResourceFrame): void {
    this.object(resource, tree.children, { node: tree, path: tree.path, type: tree.path, resource: true }, path, frame);
    checkInvariants(this.walk, tree.constraints, resource, path, tree.path, tree.path, frame);
  }

  protected slicingContext(frame: ResourceFrame): SlicingContext {
    let context = this.contexts.get(frame);
    if (!context) {
      context = {
        profile: (url) => this.walk.trees.tree(url),
        conformsTo: (item, url) => this.conformsTo(item, url, frame),
        resolve: frame.resolve,
        memberOf: (value, type, valueSet) => memberOf(this.walk, value, type, valueSet),
      };
      this.contexts.set(frame, context);
    }
    return context;
  }

  /** The `profile` discriminator: the item walked against the profile on the side, without an error. */
  private conformsTo(item: unknown, url: string, frame: ResourceFrame): boolean {
    const tree = this.walk.trees.tree(url);
    if (!tree || !isJsonObject(item)) return false;
    const side = this.walk.fork();
    const walker = new StructureWalker(side);
    if (typeof item.resourceType === 'string') walker.profile(item, url, '', resourceFrame(item, frame));
    else walker.object(item, tree.children, { node: tree, path: tree.path, type: tree.path }, '', frame);
    return !side.issues.some((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  }

  private resolveLocalReferences(frame: ResourceFrame): void {
    for (const [path, reference] of frame.localReferences) {
      if (reference !== '#' && !frame.contained.has(reference.slice(1))) {
        this.walk.error('not-found', 'No contained resource has the id this reference names', path);
      }
    }
  }

  /** Bundle.entry.resource, Parameters.parameter.resource, contained: each by its own type. */
  protected nested(
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
  protected extension(
    value: JsonObject,
    url: string,
    element: ElementNode,
    path: string,
    frame: ResourceFrame,
    host: Host,
  ): void {
    const known = findExtension(this.walk.trees, element, url);
    let node = known?.node;
    if (known?.definition)
      checkExtensionUse(this.walk, known.definition, element.name === 'modifierExtension', host, path);
    // The parts of an unknown complex extension (relative urls) are unknown with it: said once.
    const partOfUnknown = host.unknown === true && !url.includes(':');
    if (!node) {
      if (!partOfUnknown) reportUnknownExtension(this.walk, url, element.name === 'modifierExtension', path);
      node = this.walk.trees.typeTree('Extension');
    }
    if (!node) return;
    const extensionHost = { node, path: node.path, type: 'Extension', extensionUrl: url, unknown: !known };
    this.object(value, node.children, extensionHost, path, frame);
    checkInvariants(this.walk, node.constraints, value, path, node.path, 'Extension', frame);
  }
}

/** `meta.profile` with its index (http://hl7.org/fhir/R4/resource-definitions.html#Meta.profile), base definitions left out. */
function claimedProfiles(resource: JsonObject): [number, string][] {
  const meta = resource.meta;
  const profiles: unknown[] = isJsonObject(meta) && Array.isArray(meta.profile) ? meta.profile : [];
  const base = baseDefinitionUrl(String(resource.resourceType));
  return profiles.flatMap((url, i): [number, string][] => (typeof url === 'string' && url !== base ? [[i, url]] : []));
}

/** A required binding's verdict for a slice discriminator; undefined when the ValueSet cannot be expanded here. */
function memberOf(walk: Walk, value: unknown, type: string, valueSet: string): boolean | undefined {
  if (!walk.bindings) return undefined;
  const notes = new TerminologyNotes();
  const issues = walk.bindings.checkBinding({ strength: 'required', valueSet }, value, type, '', notes);
  if (notes.issues().some((issue) => issue.code === 'not-supported')) return undefined;
  return !issues.some((issue) => issue.severity === 'error');
}
