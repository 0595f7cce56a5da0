/** FHIR JSON media type (http.html#mime-type); `application/json` is accepted as its synonym. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
/** FHIR XML media type (http.html#mime-type); `application/xml` and `text/xml` are its synonyms. */
export const FHIR_XML = 'application/fhir+xml; charset=utf-8';
export const XML_TYPES = ['application/fhir+xml', 'application/xml', 'text/xml', 'application/xml+fhir'];

/** The two representations the server reads and writes (declared in CapabilityStatement.format). */
export type FhirFormat = 'json' | 'xml';

/** The format of a bare media type (no parameters), or undefined when it is neither. */
export function formatOfMediaType(type: string): FhirFormat | undefined {
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPES.includes(bare)) return 'json';
  if (XML_TYPES.includes(bare)) return 'xml';
  return undefined;
}
