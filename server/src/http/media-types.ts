/** FHIR JSON media type (http.html#mime-type); `application/json` is accepted as its synonym. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];
