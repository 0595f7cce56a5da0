import { r4OperationDefinition } from '@nexushealth/conformance';
import type { ServerOperation } from '../server-operation.js';
import { metaChange, removeFromSet } from './meta-change.js';

/** $meta-delete (http://hl7.org/fhir/R4/resource-operation-meta-delete.html); absent labels are no error. */
export const metaDeleteOperation: ServerOperation = {
  code: 'meta-delete',
  get definition() {
    return r4OperationDefinition('Resource-meta-delete');
  },
  affectsState: true,
  access: { onType: ['u'] },
  onVersion: true,
  handler: metaChange(removeFromSet),
};
