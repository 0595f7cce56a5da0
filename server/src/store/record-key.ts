import type { RecordKey } from './port.js';
import type { TypedDocument } from './sort-order.js';

/** A match's identity for `searchKeys`, with a copy of `idx[field]` when asked for. */
export function recordKey({ resourceType, doc }: TypedDocument, field: string | undefined): RecordKey {
  if (field === undefined) return { resourceType, id: doc.id };
  const values = doc.idx[field];
  return { resourceType, id: doc.id, values: Array.isArray(values) ? structuredClone(values) : [] };
}
