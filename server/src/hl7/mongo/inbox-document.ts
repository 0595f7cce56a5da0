import type { InboxEntry, InboxStatus, ReceivedMessage } from '@nexushealth/adapters';

/**
 * An `hl7_inbox` document: the entry as the port describes it, `_id` = its id, plus what only the
 * backend needs: the lease and the message time as a number (comparable across offsets).
 */
export interface InboxDocument extends Omit<InboxEntry, 'id'> {
  _id: string;
  status: InboxStatus;
  attempts: number;
  errors: { at: string; text: string }[];
  resources: string[];
  messageTimeMs?: number;
  leasedBy?: string;
  leaseUntil?: string;
  /** `leaseUntil` in epoch milliseconds, for the claim's comparison. */
  leaseUntilMs?: number;
  /** The last lease generation taken (inbox-leases.ts); unlike `attempts`, a replay keeps it. */
  claims?: number;
}

/** The document of a message (of `digest`) received now as entry `id` number `seq`. */
export function newInboxDocument(
  id: string,
  seq: number,
  message: ReceivedMessage,
  digest: string,
  now: Date,
): InboxDocument {
  const at = now.toISOString();
  const { outcome, ...received } = message;
  const doc: InboxDocument = {
    ...received,
    _id: id,
    digest,
    seq,
    receivedAt: at,
    updatedAt: at,
    status: message.auditPending === true ? 'received' : (outcome?.status ?? 'received'),
    attempts: 0,
    errors: outcome?.error === undefined ? [] : [{ at, text: outcome.error }],
    resources: [...(outcome?.resources ?? [])],
  };
  if (outcome !== undefined) Object.assign(doc, { ack: outcome.ack, ackCode: outcome.ackCode });
  const time = message.messageTime === undefined ? NaN : Date.parse(message.messageTime);
  if (!Number.isNaN(time)) doc.messageTimeMs = time;
  return doc;
}

/** The entry a document holds, without the backend's own fields. */
export function toInboxEntry(doc: InboxDocument): InboxEntry {
  const { _id, messageTimeMs: _time, leaseUntilMs: _until, claims: _claims, ...entry } = doc;
  return { ...entry, id: _id };
}
