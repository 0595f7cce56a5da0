import type { Identifier } from '@medplum/fhirtypes';

/** An identifier with both halves: what a conditional URL can be keyed on. */
export type IdentifierKey = Required<Pick<Identifier, 'system' | 'value'>>;

/**
 * `<Type>?identifier=<system>|<value>`: the conditional URL that finds a resource by its business
 * identifier (https://hl7.org/fhir/R4/http.html#cond-update), so a transaction never guesses ids.
 * Token search values escape `\ | , $` with a backslash (https://hl7.org/fhir/R4/search.html#escaping);
 * each half is then percent-encoded (`:` and `/` stay, RFC 3986 allows them in a query), keeping the
 * `|` that separates them readable.
 */
export function identifierConditionalUrl(resourceType: string, identifier: IdentifierKey): string {
  const token = (s: string): string =>
    encodeURIComponent(s.replace(/[\\|,$]/g, (c) => `\\${c}`))
      .replace(/%3A/g, ':')
      .replace(/%2F/g, '/');
  return `${resourceType}?identifier=${token(identifier.system)}|${token(identifier.value)}`;
}
