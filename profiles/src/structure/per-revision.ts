import type { ElementTrees } from './element-trees.js';

/**
 * Values derived from the definitions of an ElementTrees (reference targets, type lineages), kept
 * like its trees until the source's revision changes: a value computed while a definition was
 * unknown (a targetProfile, a base type) is computed again once that definition is registered.
 */
export class PerRevision<K, V> {
  private readonly byTrees = new WeakMap<ElementTrees, { readonly revision: number; readonly values: Map<K, V> }>();

  get(trees: ElementTrees, key: K, compute: () => V): V {
    const { revision } = trees.source;
    let entry = this.byTrees.get(trees);
    if (entry?.revision !== revision) {
      entry = { revision, values: new Map() };
      this.byTrees.set(trees, entry);
    }
    if (entry.values.has(key)) return entry.values.get(key) as V;
    const value = compute();
    entry.values.set(key, value);
    return value;
  }
}
