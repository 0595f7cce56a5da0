import { expect } from 'chai';
import { replaceCodePatch } from './fhirpath-patch.js';

// http://hl7.org/fhir/R4/fhirpatch.html: one `operation` parameter with type, path and value parts.
describe('replaceCodePatch builds a FHIRPath Patch that replaces one code element', () => {
  it('is a Parameters resource with one replace operation of that path and code (fhirpatch.html)', () => {
    expect(replaceCodePatch('DocumentReference.status', 'entered-in-error')).to.deep.equal({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'operation',
          part: [
            { name: 'type', valueCode: 'replace' },
            { name: 'path', valueString: 'DocumentReference.status' },
            { name: 'value', valueCode: 'entered-in-error' },
          ],
        },
      ],
    });
  });
});
