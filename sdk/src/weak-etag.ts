/**
 * The `If-Match` value for a versionId. FHIR servers send weak ETags (`W/"3"`) and match
 * `If-Match` against them (https://hl7.org/fhir/R4/http.html#concurrency); a value that already
 * is an ETag is passed through.
 */
export function weakETag(versionId: string): string {
  return versionId.startsWith('W/"') || versionId.startsWith('"') ? versionId : `W/"${versionId}"`;
}
