import type { ValueSetComposeIncludeFilter } from '@medplum/fhirtypes';
import type { CodeSystemIndex } from './code-system-index.js';
import { TerminologyError } from './terminology-error.js';

/**
 * The codes of a loaded CodeSystem that pass every filter of an include (they combine with AND:
 * http://hl7.org/fhir/R4/valueset-definitions.html#ValueSet.compose.include.filter). Operators
 * (http://hl7.org/fhir/R4/valueset-filter-operator.html): `is-a`, `descendent-of`, `is-not-a` on
 * the hierarchy, `=`, `in`, `not-in` on the code (property `concept`/`code`) or a concept property.
 * `regex`, `exists` and `generalizes` are not evaluated here. Abstract (`notSelectable`) codes are left out.
 */
export function filteredCodes(index: CodeSystemIndex, filters: readonly ValueSetComposeIncludeFilter[]): string[] {
  const tests = filters.map((filter) => filterTest(index, filter));
  return [...index.concepts.keys()].filter((code) => !index.abstract.has(code) && tests.every((test) => test(code)));
}

function filterTest(index: CodeSystemIndex, filter: ValueSetComposeIncludeFilter): (code: string) => boolean {
  const value = filter.value ?? '';
  const onCode = filter.property === 'concept' || filter.property === 'code';
  const values = (code: string): string[] => (onCode ? [code] : index.propertyValues(code, filter.property ?? ''));
  switch (filter.op) {
    case 'is-a':
    case 'descendent-of':
    case 'is-not-a': {
      if (!onCode) throw new TerminologyError(`filter ${filter.op} on ${filter.property} is not supported`);
      const below = new Set(index.subsumption(value, 'below'));
      if (filter.op === 'descendent-of') below.delete(value);
      return filter.op === 'is-not-a' ? (code) => !below.has(code) : (code) => below.has(code);
    }
    case '=':
      return (code) => values(code).includes(value);
    case 'in':
    case 'not-in': {
      const listed = new Set(value.split(',').map((v) => v.trim()));
      const any = (code: string): boolean => values(code).some((v) => listed.has(v));
      return filter.op === 'in' ? any : (code) => !any(code);
    }
    default:
      throw new TerminologyError(`filter op ${filter.op} is not supported`);
  }
}
