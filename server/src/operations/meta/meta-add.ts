import { r4OperationDefinition } from '@nexushealth/conformance';
import type { ServerOperation } from '../server-operation.js';
import { addToSet, metaChange } from './meta-change.js';

/** $meta-add (http://hl7.org/fhir/R4/resource-operation-meta-add.html). */
export const metaAddOperation: ServerOperation = {
  code: 'meta-add',
  get definition() {
    return r4OperationDefinition('Resource-meta-add');
  },
  affectsState: true,
  // It answers the whole resulting meta (tags, security labels): a read as well as an update.
  access: { onType: ['r', 'u'] },
  onVersion: true,
  handler: metaChange(addToSet),
};
