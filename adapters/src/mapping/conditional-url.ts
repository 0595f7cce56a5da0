import type { Identifier } from '@medplum/fhirtypes';

/** An identifier with both halves: what a conditional URL can be keyed on. */
export type IdentifierKey = Required<Pick<Identifier, 'system' | 'value'>>;

/** Characters that neither escaping nor percent-encoding change: such a token is written as it is. */
const plain = /^[A-Za-z0-9._~:/-]*$/;

/**
 * `<Type>?identifier=<system>|<value>`: the conditional URL that finds a resource by its business
 * identifier (https://hl7.org/fhir/R4/http.html#cond-update), so a transaction never guesses ids.
 * Token search values escape `\ | , $` with a backslash (https://hl7.org/fhir/R4/search.html#escaping);
 * each half is then percent-encoded (`:` and `/` stay, RFC 3986 allows them in a query), keeping the
 * `|` that separates them readable.
 */
export function identifierConditionalUrl(resourceType: string, identifier: IdentifierKey): string {
  return identifiersConditionalUrl(resourceType, [identifier]);
}

/**
 * `<Type>?identifier=<a>,<b>`: matches a resource carrying any of the identifiers (a comma is OR,
 * https://hl7.org/fhir/R4/search.html#combining), for records known by more than one business id: an
 * appointment first booked with only its placer id is found again once the filler's id joins it.
 */
export function identifiersConditionalUrl(resourceType: string, identifiers: readonly IdentifierKey[]): string {
  return `${resourceType}?identifier=${identifiers.map(identifierToken).join(',')}`;
}

/**
 * `&<param>:<Type>.identifier=<system>|<value>`: a chained criterion (search.html#chaining) that narrows a
 * condition to the resources whose `param` reference points at the resource carrying that identifier.
 */
export function chainedIdentifierCriterion(param: string, targetType: string, key: IdentifierKey): string {
  return `&${param}:${targetType}.identifier=${identifierToken(key)}`;
}

function identifierToken(id: IdentifierKey): string {
  return `${token(id.system)}|${token(id.value)}`;
}

function token(s: string): string {
  return plain.test(s)
    ? s
    : encodeURIComponent(s.replace(/[\\|,$]/g, (c) => `\\${c}`))
        .replace(/%3A/g, ':')
        .replace(/%2F/g, '/');
}
