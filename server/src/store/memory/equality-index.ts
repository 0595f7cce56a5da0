import type { StoreFilter } from '../port.js';
import type { StoredDocument } from '../stored-document.js';

/**
 * Candidate pre-selection for the memory store: postings of the string values of `id`,
 * `compartments` and every `idx.<code>` string array of the current documents. A filter's top-level equality and
 * `$in` terms narrow the documents mingo must test — conditional creates and references of a
 * Synthea load are such searches, and a full scan each made loading quadratic. mingo still
 * decides every match, so the index can only skip documents that cannot match.
 */
export class EqualityIndex {
  readonly #postings = new Map<string, Map<string, Set<string>>>();

  add(doc: StoredDocument): void {
    for (const [field, value] of indexedValues(doc)) {
      let byValue = this.#postings.get(field);
      if (!byValue) this.#postings.set(field, (byValue = new Map()));
      let ids = byValue.get(value);
      if (!ids) byValue.set(value, (ids = new Set()));
      ids.add(doc._id);
    }
  }

  remove(doc: StoredDocument): void {
    for (const [field, value] of indexedValues(doc)) {
      const ids = this.#postings.get(field)?.get(value);
      ids?.delete(doc._id);
      if (ids?.size === 0) this.#postings.get(field)?.delete(value);
    }
  }

  /** The ids that can match `filter`, or undefined when no term of it is indexed. */
  candidates(filter: StoreFilter): Set<string> | undefined {
    let result: Set<string> | undefined;
    for (const term of conjuncts(filter)) {
      for (const [field, condition] of Object.entries(term)) {
        const ids = this.#lookup(field, condition);
        if (ids) result = result ? intersect(result, ids) : ids;
      }
    }
    return result;
  }

  #lookup(field: string, condition: unknown): Set<string> | undefined {
    const byValue = this.#postings.get(field);
    if (!byValue || field.startsWith('$')) return undefined;
    const values = typeof condition === 'string' ? [condition] : stringsOfIn(condition);
    if (!values) return undefined;
    const ids = new Set<string>();
    for (const value of values) for (const id of byValue.get(value) ?? []) ids.add(id);
    return ids;
  }
}

function* indexedValues(doc: StoredDocument): Generator<[string, string]> {
  yield ['id', doc.id];
  for (const compartment of doc.compartments) yield ['compartments', compartment];
  for (const [code, values] of Object.entries(doc.idx)) {
    if (!Array.isArray(values)) continue;
    for (const value of values) if (typeof value === 'string') yield [`idx.${code}`, value];
  }
}

/** The terms that must all hold: the members of a top-level `$and`, or the filter itself. */
function conjuncts(filter: StoreFilter): StoreFilter[] {
  const and = filter.$and;
  const rest = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== '$and'));
  return Array.isArray(and) ? [rest, ...(and as StoreFilter[])] : [filter];
}

function stringsOfIn(condition: unknown): string[] | undefined {
  if (typeof condition !== 'object' || condition === null) return undefined;
  const keys = Object.keys(condition);
  const list = (condition as { $in?: unknown }).$in;
  if (keys.length !== 1 || !Array.isArray(list) || !list.every((v) => typeof v === 'string')) return undefined;
  return list as string[];
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((id) => large.has(id)));
}
