import { patientEverythingOperation } from './everything/patient-everything.js';
import { metaOperation } from './meta/meta.js';
import { metaAddOperation } from './meta/meta-add.js';
import { metaDeleteOperation } from './meta/meta-delete.js';
import type { ServerOperation } from './server-operation.js';
import { validateOperation } from './validate/validate.js';
import { verifyChainOperation } from './verify-chain/verify-chain.js';

/** Every operation this server runs, by the name used in URLs (`$meta` → `meta`). */
export const SERVER_OPERATIONS: ReadonlyMap<string, ServerOperation> = new Map(
  [
    metaOperation,
    metaAddOperation,
    metaDeleteOperation,
    patientEverythingOperation,
    validateOperation,
    verifyChainOperation,
  ].map((operation) => [operation.code, operation]),
);
