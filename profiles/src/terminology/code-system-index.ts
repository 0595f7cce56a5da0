import type { CodeSystem, CodeSystemConcept, CodeSystemConceptProperty } from '@medplum/fhirtypes';
import { TerminologyError } from './terminology-error.js';

/** Bound of one walk through a hierarchy (a search holds its codes in one `$in`). */
export const MAX_CODES = 10_000;

/**
 * A CodeSystem's concepts by code, with its hierarchy: nested concepts are children of their
 * parent, and the `parent`/`child` properties say the same (http://hl7.org/fhir/R4/codesystem.html#hierarchy).
 */
export class CodeSystemIndex {
  readonly concepts = new Map<string, CodeSystemConcept>();
  /**
   * True when every code of the system is here (`content` `complete`): a code not found is not in
   * it. `not-present`, `example`, `fragment` and `supplement` say nothing about codes not listed
   * (http://hl7.org/fhir/R4/codesystem-definitions.html#CodeSystem.content).
   */
  readonly complete: boolean;
  /**
   * Codes for navigation only (property `notSelectable`, as v3 marks its `_` codes): never a value
   * (http://hl7.org/fhir/R4/valueset-definitions.html#ValueSet.expansion.contains.abstract).
   */
  readonly abstract = new Set<string>();
  private readonly parents = new Map<string, string[]>();
  private readonly children = new Map<string, string[]>();

  constructor(readonly codeSystem: CodeSystem) {
    this.complete = codeSystem.content === 'complete';
    this.add(codeSystem.concept ?? [], undefined);
  }

  /** `code` and the codes it subsumes (`below`) or is subsumed by (`above`). */
  subsumption(code: string, direction: 'above' | 'below'): string[] {
    const next = direction === 'below' ? this.children : this.parents;
    const seen = new Set([code]);
    for (const current of seen) {
      for (const related of next.get(current) ?? []) seen.add(related);
      if (seen.size > MAX_CODES) throw new TerminologyError(`more than ${MAX_CODES} codes are ${direction} ${code}`);
    }
    return [...seen];
  }

  /** The concept's value of a CodeSystem property (http://hl7.org/fhir/R4/codesystem.html#properties), as text. */
  propertyValues(code: string, property: string): string[] {
    const concept = this.concepts.get(code);
    return (concept?.property ?? []).filter((p) => p.code === property).map(propertyText);
  }

  private add(concepts: CodeSystemConcept[], parent: string | undefined): void {
    for (const concept of concepts) {
      this.concepts.set(concept.code, concept);
      if (parent !== undefined) this.link(parent, concept.code);
      for (const p of concept.property ?? []) {
        if (p.code === 'notSelectable' && p.valueBoolean === true) this.abstract.add(concept.code);
        if (p.code === 'parent' && p.valueCode) this.link(p.valueCode, concept.code);
        if (p.code === 'child' && p.valueCode) this.link(concept.code, p.valueCode);
      }
      if (concept.concept) this.add(concept.concept, concept.code);
    }
  }

  private link(parent: string, child: string): void {
    listIn(this.children, parent).push(child);
    listIn(this.parents, child).push(parent);
  }
}

/** The list under `key`, created when absent (appending in place keeps a wide hierarchy linear). */
function listIn(map: Map<string, string[]>, key: string): string[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function propertyText(p: CodeSystemConceptProperty): string {
  const value =
    p.valueCode ??
    p.valueString ??
    p.valueBoolean ??
    p.valueInteger ??
    p.valueDateTime ??
    p.valueDecimal ??
    p.valueCoding?.code;
  return value === undefined ? '' : String(value);
}
