import type { Bundle, BundleEntry, Reference } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { InboxEntry } from '../inbox/inbox.js';
import { auditEventEntry, type AuditFacts } from './audit-event.js';
import { messageReference, sendingParty } from './message-reference.js';
import { provenanceEntry, type MessageParties } from './provenance.js';

const records = new Set(['Provenance', 'AuditEvent']);

/** The facts the Provenance and AuditEvent of a message share. */
export function messageParties(entry: InboxEntry, message: Hl7Message | undefined, recorded: Date): MessageParties {
  return {
    entryId: entry.id,
    message: messageReference(entry),
    sender: sendingParty(message),
    recorded: recorded.toISOString(),
  };
}

/** Audit facts of an entry; the patient by identifier (orderKey) unless a Patient reference is given. */
export function auditFacts(
  entry: InboxEntry,
  parties: MessageParties,
  ack: Pick<AuditFacts, 'ackCode' | 'outcomeDesc'>,
  patient?: Reference,
): AuditFacts {
  const [system, value] = entry.orderKey?.split('|', 2) ?? [];
  const byIdentifier = system === undefined || value === undefined ? undefined : { identifier: { system, value } };
  const who = patient ?? byIdentifier;
  return {
    ...parties,
    ...ack,
    ...(entry.sender.address === undefined ? {} : { address: entry.sender.address }),
    ...(who === undefined ? {} : { patient: who }),
  };
}

/**
 * The message's transaction with its Provenance (targets: every entry) and its AuditEvent (AA) appended;
 * `once`: both conditional on the message tag (`recordRequest`).
 */
export function withRecords(
  bundle: Bundle,
  entry: InboxEntry,
  parties: MessageParties,
  uuid: () => string,
  once: boolean,
): Bundle {
  const entries = bundle.entry ?? [];
  const targets = entries.flatMap((e) => (e.fullUrl === undefined ? [] : [e.fullUrl]));
  const patientUrl = entries.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl;
  const patient = patientUrl === undefined ? undefined : { reference: patientUrl };
  const facts = auditFacts(entry, parties, { ackCode: 'AA' }, patient);
  // Provenance.target is 1..*: a message that changes nothing has only its AuditEvent.
  const provenance = targets.length === 0 ? [] : [provenanceEntry(targets, parties, `urn:uuid:${uuid()}`, once)];
  const appended: BundleEntry[] = [...provenance, auditEventEntry(facts, `urn:uuid:${uuid()}`, once)];
  return { ...bundle, entry: [...entries, ...appended] };
}

/** `[base/]Type/id[/_history/vid]` (https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.response.location). */
const location = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[^/]+)?$/;

/** `Type/id` of every resource a transaction-response reports, the message's own records left out. */
export function touchedResources(response: Bundle): string[] {
  return (response.entry ?? []).flatMap((e) => {
    const [, type = '', id] = location.exec(e.response?.location ?? '') ?? [];
    return id === undefined || records.has(type) ? [] : [`${type}/${id}`];
  });
}
