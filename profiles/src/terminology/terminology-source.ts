import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';

/**
 * Where terminology reads its ValueSets and CodeSystems, by canonical `url` (a `|version` may
 * follow: http://hl7.org/fhir/R4/references.html#canonical). The definition registry implements
 * it, so ValueSets and CodeSystems posted to the server count.
 */
export interface TerminologySource {
  valueSet(url: string): ValueSet | undefined;
  codeSystem(url: string): CodeSystem | undefined;
  /** Bumped whenever the source changes; caches keyed on it refresh. Absent: it never changes. */
  readonly revision?: number;
}
