import r4 from 'fhirpath/fhir-context/r4';

/**
 * The concrete R4 resource types, read from the fhirpath R4 model: every type whose parent is
 * Resource or DomainResource (http://hl7.org/fhir/R4/resourcelist.html).
 */
export const R4_RESOURCE_TYPES: readonly string[] = Object.entries(r4.type2Parent)
  .filter(([type, parent]) => (parent === 'Resource' || parent === 'DomainResource') && type !== 'DomainResource')
  .map(([type]) => type)
  .sort();
