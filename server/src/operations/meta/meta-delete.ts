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
  // It answers the whole resulting meta (tags, security labels): a read as well as an update.
  access: { onType: ['r', 'u'] },
  onVersion: true,
  handler: metaChange(removeFromSet),
};
