/**
 * String search is case- and accent-insensitive (http://hl7.org/fhir/R4/search.html#string):
 * both the indexed values and the search values go through this one function — Unicode
 * decomposition with combining marks removed, lower-cased, runs of whitespace collapsed.
 */
export function normalizeString(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
