import type { Parameters } from '@medplum/fhirtypes';

/**
 * A FHIRPath Patch (https://hl7.org/fhir/R4/fhirpatch.html) with one `replace` of a code element, for
 * messages that change one element of a resource they do not restate (MDM T11 document cancel, an order
 * control without OBR).
 */
export function replaceCodePatch(path: string, valueCode: string): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'operation',
        part: [
          { name: 'type', valueCode: 'replace' },
          { name: 'path', valueString: path },
          { name: 'value', valueCode },
        ],
      },
    ],
  };
}
