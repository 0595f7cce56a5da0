/** A parsed JSON object (not an array, not null): the shape every FHIR resource and element has in JSON. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
