import type { Coding, Device, Reference } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { InboxEntry } from '../inbox/inbox.js';

/** The system of the tag and identifier that name an inbox entry in FHIR (its id is the code). */
export const MESSAGE_SYSTEM = 'urn:nexushealth:hl7v2:message';

/** `meta.tag` of the Provenance and AuditEvents of a message: what finds them again after a crash. */
export function messageTag(entryId: string): Coding {
  return { system: MESSAGE_SYSTEM, code: entryId };
}

/** `_tag` search value for `messageTag` (https://hl7.org/fhir/R4/search.html#token). */
export function messageTagQuery(entryId: string): string {
  return `${MESSAGE_SYSTEM}|${entryId}`;
}

/** The message as a logical reference (it is an inbox entry, not a FHIR resource); no content, no PHI. */
export function messageReference(entry: InboxEntry): Reference {
  const what = [entry.messageType, entry.controlId].filter((s) => s !== undefined && s !== '').join(' ');
  return { identifier: { system: MESSAGE_SYSTEM, value: entry.id }, display: `HL7v2 message ${what}`.trim() };
}

/** The sending application and facility (MSH-3, MSH-4) as a logical reference. */
export function sendingParty(message: Hl7Message | undefined): Reference<Device> {
  const msh = message?.get('MSH');
  const [app, facility] = [3, 4].map((n) => msh?.field(n).component(1) ?? msh?.field(n).component(2) ?? '');
  const value = `${app ?? ''}^${facility ?? ''}`;
  return { identifier: { system: 'urn:nexushealth:hl7v2:sender', value }, display: value };
}
