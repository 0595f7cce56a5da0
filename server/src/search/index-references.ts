import { referenceTarget, type TypedValue } from '@nexushealth/conformance';
import { json } from './json-narrowing.js';

/**
 * Reference values as matched by reference search (http://hl7.org/fhir/R4/search.html#reference):
 * literal references become relative `Type/id` (version dropped), other absolute URLs (other
 * servers, canonicals) are kept whole; contained `#id`, conditional and urn: references name
 * nothing a search can match and are skipped.
 */
export function referenceIndexValues(values: TypedValue[]): string[] {
  return values.flatMap(({ value }) => {
    const reference = json.string(json.record(value)?.reference) ?? json.string(value);
    if (reference === undefined) return [];
    const target = referenceTarget(reference);
    if (target) return [target.base === undefined ? `${target.resourceType}/${target.id}` : reference];
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) && !reference.includes('?') ? [reference] : [];
  });
}
