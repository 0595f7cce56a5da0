import type { ElementDefinitionType } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import type { ElementNode } from './element-node.js';
import { ElementWalker, type Host, type JsonObject } from './element-walker.js';
import { contextAllows, findExtension, reportUnknownExtension } from './extension-rules.js';
import type { PropertyEntry } from './property-index.js';
import { resourceFrame, type ResourceFrame } from './reference-rules.js';
import { BASE_URL_PREFIX } from './structure-definition-source.js';

/**
 * Walks a resource along the trees of its definitions (http://hl7.org/fhir/R4/validation.html#structure):
 * its base type, the profiles it claims or must meet, its contained and nested resources, and its
 * extensions by their own definitions.
 */
export class StructureWalker extends ElementWalker {
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
      if (!partOfUnknown) reportUnknownExtension(this.walk, url, entry.node.name === 'modifierExtension', path);
      node = this.walk.trees.typeTree('Extension');
    }
    if (!node) return;
    const extensionHost = { node, path: node.path, type: 'Extension', extensionUrl: url, unknown: !known };
    this.object(value, node.children, extensionHost, path, frame);
  }
}

/** `meta.profile` (http://hl7.org/fhir/R4/resource-definitions.html#Meta.profile), base definitions left out. */
function claimedProfiles(resource: JsonObject): string[] {
  const meta = resource.meta;
  const profiles = isJsonObject(meta) && Array.isArray(meta.profile) ? meta.profile : [];
  return profiles.filter(
    (url): url is string => typeof url === 'string' && url !== `${BASE_URL_PREFIX}${String(resource.resourceType)}`,
  );
}
