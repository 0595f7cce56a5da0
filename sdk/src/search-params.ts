/**
 * Search parameters in any of the shapes callers already have. Repeating a name ANDs the values
 * and a comma inside one value ORs them (https://hl7.org/fhir/R4/search.html#combining), so the
 * array forms keep repeats instead of collapsing them.
 */
export type SearchParams = Record<string, string | string[]> | URLSearchParams | Array<[string, string]>;

/** The query string for `params`, with its leading `?`, or `''` when there are none. */
export function toQueryString(params: SearchParams | undefined): string {
  if (params === undefined) return '';
  const query = params instanceof URLSearchParams ? params : new URLSearchParams(pairsOf(params));
  const text = query.toString();
  return text ? `?${text}` : '';
}

function pairsOf(params: Record<string, string | string[]> | Array<[string, string]>): Array<[string, string]> {
  if (Array.isArray(params)) return params;
  return Object.entries(params).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one): [string, string] => [name, one]),
  );
}
