import { referenceTarget, type TypedValue } from '@nexushealth/conformance';
import { tokenIndexValues } from './index-tokens.js';
import { json } from './json-narrowing.js';

/**
 * Reference values as matched by reference search (http://hl7.org/fhir/R4/search.html#reference):
 * literal references become relative `Type/id` (version dropped), other absolute URLs (other
 * servers, canonicals) are kept whole; contained `#id`, conditional and urn: references name
 * nothing a search can match and are skipped.
 */
/** The tokens of each Reference.identifier, for `:identifier` (search.html#reference). */
export function referenceIdentifierTokens(values: TypedValue[]): string[] {
  const identifiers = values.flatMap(({ value }) => {
    const identifier = json.record(json.record(value)?.identifier);
    return identifier ? [{ type: 'Identifier', value: identifier }] : [];
  });
  return tokenIndexValues(identifiers).tokens;
}

export function referenceIndexValues(values: TypedValue[]): string[] {
  return values.flatMap(({ value }) => {
    const reference = json.string(json.record(value)?.reference) ?? json.string(value);
    if (reference === undefined) return [];
    const target = referenceTarget(reference);
    if (target) return [target.base === undefined ? `${target.resourceType}/${target.id}` : reference];
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) && !reference.includes('?') ? [reference] : [];
  });
}
