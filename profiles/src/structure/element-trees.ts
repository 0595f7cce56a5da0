import type { StructureDefinition } from '@medplum/fhirtypes';
import { compileElementTree } from './compile-element-tree.js';
import type { ElementNode } from './element-node.js';
import { baseDefinitionUrl, type StructureDefinitionSource } from './structure-definition-source.js';

/**
 * The compiled ElementNode tree of each StructureDefinition, built on first use and kept until the
 * source's `revision` changes (a definition was added or replaced): then every tree is rebuilt
 * lazily, since a profile's tree may depend on the definitions it was generated from.
 */
export class ElementTrees {
  readonly source: StructureDefinitionSource;
  private revision: number;
  private readonly trees = new Map<string, ElementNode | null>();

  constructor(source: StructureDefinitionSource) {
    this.source = source;
    this.revision = source.revision;
  }

  /** The tree of the StructureDefinition with this canonical url; undefined when unknown or without snapshot. */
  tree(url: string): ElementNode | undefined {
    if (this.source.revision !== this.revision) {
      this.trees.clear();
      this.revision = this.source.revision;
    }
    let tree = this.trees.get(url);
    if (tree === undefined) {
      tree = compileElementTree(this.definition(url)?.snapshot?.element ?? []) ?? null;
      this.trees.set(url, tree);
    }
    return tree ?? undefined;
  }

  /** The tree of a base R4 type or resource by its code (`Patient`, `HumanName`, `string`). */
  typeTree(code: string): ElementNode | undefined {
    return this.tree(baseDefinitionUrl(code));
  }

  definition(url: string): StructureDefinition | undefined {
    return this.source.structureDefinition(url);
  }

  /** A concrete or abstract resource type of the definitions (`Patient`, `Resource`), not a datatype. */
  isResourceType(code: string): boolean {
    return this.definition(baseDefinitionUrl(code))?.kind === 'resource';
  }
}
