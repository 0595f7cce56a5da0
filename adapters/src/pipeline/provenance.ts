import type { BundleEntry, Device, Provenance, Reference } from '@medplum/fhirtypes';
import { messageTag } from './message-reference.js';
import { recordRequest } from './record-request.js';

/** Who and what a Provenance or AuditEvent of one message names. */
export interface MessageParties {
  readonly entryId: string;
  readonly message: Reference;
  /** The sending application and facility: a system, hence a Device reference (logical). */
  readonly sender: Reference<Device>;
  readonly recorded: string;
}

/**
 * The Provenance of a message (https://hl7.org/fhir/R4/provenance.html): `target` every resource of
 * its transaction (by fullUrl, resolved by the server), `entity` the message as the source, `agent`
 * the sending application/facility as author. Tagged with the message: a second attempt after a crash
 * finds it and can tell that the first one committed; `once` (such an attempt) creates it only if no
 * Provenance has that tag yet (`recordRequest`).
 */
export function provenanceEntry(
  targets: readonly string[],
  parties: MessageParties,
  fullUrl: string,
  once: boolean,
): BundleEntry {
  const provenance: Provenance = {
    resourceType: 'Provenance',
    meta: { tag: [messageTag(parties.entryId)] },
    target: targets.map((reference) => ({ reference })),
    recorded: parties.recorded,
    agent: [
      {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }],
        },
        who: parties.sender,
      },
    ],
    entity: [{ role: 'source', what: parties.message }],
  };
  return { fullUrl, resource: provenance, request: recordRequest('Provenance', parties.entryId, once) };
}
