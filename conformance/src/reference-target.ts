/** The resource a literal reference points to (http://hl7.org/fhir/R4/references.html#literal). */
export interface ReferenceTarget {
  resourceType: string;
  id: string;
  /** The service base for absolute references, e.g. "http://other.org/fhir"; undefined if relative. */
  base?: string;
}

// [base]/Type/id[/_history/vid]; Type starts upper-case, id per http://hl7.org/fhir/R4/datatypes.html#id.
const LITERAL = /^(?:(.*)\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Parses a literal reference string. Returns undefined for contained ("#id"), conditional
 * ("Patient?identifier=…"), urn:uuid/urn:oid and other references that name no Type/id.
 */
export function referenceTarget(reference: string): ReferenceTarget | undefined {
  if (reference.includes('?') || reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = LITERAL.exec(reference);
  if (!match) return undefined;
  const [, base, resourceType, id] = match;
  if (resourceType === undefined || id === undefined) return undefined;
  if (base !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) return undefined;
  return base === undefined ? { resourceType, id } : { resourceType, id, base };
}
