import { metaOperation } from './meta/meta.js';
import type { ServerOperation } from './server-operation.js';

/** Every operation this server runs, by the name used in URLs (`$meta` → `meta`). */
export const SERVER_OPERATIONS: ReadonlyMap<string, ServerOperation> = new Map(
  [metaOperation].map((operation) => [operation.definition.code ?? '', operation]),
);
