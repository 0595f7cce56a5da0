/** FHIR JSON media type (http.html#mime-type); `application/json` is accepted as its synonym. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
/** FHIR XML media type (http.html#mime-type); `application/xml` and `text/xml` are its synonyms. */
export const FHIR_XML = 'application/fhir+xml; charset=utf-8';
export const XML_TYPES = ['application/fhir+xml', 'application/xml', 'text/xml', 'application/xml+fhir'];

/** The two representations the server reads and writes (declared in CapabilityStatement.format). */
export type FhirFormat = 'json' | 'xml';

/** R4 is `fhirVersion=4.0` (http.html#version-parameter); 4.0.1 is taken as the same. */
const FHIR_VERSION = /;\s*fhirVersion\s*=\s*"?([^";\s]*)/i;
const R4 = ['4.0', '4.0.1'];

/**
 * The format of a media type, or undefined when it is neither FHIR format or asks for another
 * FHIR version than R4 (406 for Accept, 415 for Content-Type: http.html#version-parameter).
 */
export function formatOfMediaType(type: string): FhirFormat | undefined {
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  const version = FHIR_VERSION.exec(type)?.[1];
  if (version !== undefined && !R4.includes(version)) return undefined;
  if (JSON_TYPES.includes(bare)) return 'json';
  if (XML_TYPES.includes(bare)) return 'xml';
  return undefined;
}
