import type { StructureDefinition } from '@medplum/fhirtypes';
import { compileElementTree } from './compile-element-tree.js';
import type { ElementNode } from './element-node.js';
import { baseDefinitionUrl, type StructureDefinitionSource } from './structure-definition-source.js';

/**
 * The compiled ElementNode tree of each StructureDefinition, built on first use and kept until the
 * source's `revision` changes (a definition was added or replaced): then every tree is rebuilt
 * lazily, since a profile's tree may depend on the definitions it was generated from. Lookups are
 * memoised too: the walker asks for the same few types for every element it meets.
 */
export class ElementTrees {
  readonly source: StructureDefinitionSource;
  private revision: number;
  private readonly trees = new Map<string, ElementNode | null>();
  private readonly typeTrees = new Map<string, ElementNode | null>();
  private readonly definitions = new Map<string, StructureDefinition | null>();
  private readonly resourceTypes = new Map<string, boolean>();

  constructor(source: StructureDefinitionSource) {
    this.source = source;
    this.revision = source.revision;
  }

  /** The tree of the StructureDefinition with this canonical url; undefined when unknown or without snapshot. */
  tree(url: string): ElementNode | undefined {
    this.refresh();
    let tree = this.trees.get(url);
    if (tree === undefined) {
      tree = compileElementTree(this.definition(url)?.snapshot?.element ?? []) ?? null;
      this.trees.set(url, tree);
    }
    return tree ?? undefined;
  }

  /** The tree of a base R4 type or resource by its code (`Patient`, `HumanName`, `string`). */
  typeTree(code: string): ElementNode | undefined {
    this.refresh();
    let tree = this.typeTrees.get(code);
    if (tree === undefined) {
      tree = this.tree(baseDefinitionUrl(code)) ?? null;
      this.typeTrees.set(code, tree);
    }
    return tree ?? undefined;
  }

  definition(url: string): StructureDefinition | undefined {
    this.refresh();
    let definition = this.definitions.get(url);
    if (definition === undefined) {
      definition = this.source.structureDefinition(url) ?? null;
      this.definitions.set(url, definition);
    }
    return definition ?? undefined;
  }

  /** A concrete or abstract resource type of the definitions (`Patient`, `Resource`), not a datatype. */
  isResourceType(code: string): boolean {
    this.refresh();
    let known = this.resourceTypes.get(code);
    if (known === undefined) {
      known = this.definition(baseDefinitionUrl(code))?.kind === 'resource';
      this.resourceTypes.set(code, known);
    }
    return known;
  }

  private refresh(): void {
    if (this.source.revision === this.revision) return;
    this.revision = this.source.revision;
    this.trees.clear();
    this.typeTrees.clear();
    this.definitions.clear();
    this.resourceTypes.clear();
  }
}
