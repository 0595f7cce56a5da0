import type { Resource } from '@medplum/fhirtypes';
import type { ResourceRecord } from './port.js';

/**
 * One version of one resource as both backends keep it. The memory store holds the very same
 * shape as the mongo collections, so a `StoreFilter` means the same thing on both engines.
 * Current documents have `_id: id`; history documents `_id: "<id>/<versionId>"`.
 */
export interface StoredDocument {
  _id: string;
  id: string;
  versionId: string;
  /** `versionId` as a number, because as strings "10" would sort before "9". */
  version: number;
  lastUpdated: string;
  deleted: boolean;
  resource?: Resource;
  idx: Record<string, unknown>;
  compartments: string[];
  method?: ResourceRecord['method'];
  recreated?: true;
  /** The unit of work that wrote this version: rollback only ever touches its own documents. */
  txn: string;
}

/** The current-collection document for a record, written by unit `txn`. */
export function toStoredDocument(record: ResourceRecord, txn: string): StoredDocument {
  const doc: StoredDocument = {
    _id: record.id,
    id: record.id,
    versionId: record.versionId,
    version: Number(record.versionId),
    lastUpdated: record.lastUpdated,
    deleted: record.deleted,
    idx: record.idx,
    compartments: record.compartments,
    txn,
  };
  // Omitted rather than undefined: the driver would otherwise persist `resource: null`.
  if (record.resource !== undefined) doc.resource = record.resource;
  if (record.method !== undefined) doc.method = record.method;
  if (record.recreated) doc.recreated = true;
  return doc;
}

export function historyDocumentId(id: string, versionId: string): string {
  return `${id}/${versionId}`;
}

/** The same version as a history-collection document. */
export function toHistoryDocument(current: StoredDocument): StoredDocument {
  return { ...current, _id: historyDocumentId(current.id, current.versionId) };
}

export function toRecord(resourceType: string, doc: StoredDocument): ResourceRecord {
  const record: ResourceRecord = {
    resourceType,
    id: doc.id,
    versionId: doc.versionId,
    lastUpdated: doc.lastUpdated,
    deleted: doc.deleted,
    idx: doc.idx,
    compartments: doc.compartments,
  };
  if (doc.resource !== undefined) record.resource = doc.resource;
  if (doc.method !== undefined) record.method = doc.method;
  if (doc.recreated) record.recreated = true;
  return record;
}
