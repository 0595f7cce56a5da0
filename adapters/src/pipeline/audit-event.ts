import type { AuditEvent, BundleEntry, Reference } from '@medplum/fhirtypes';
import { messageTag } from './message-reference.js';
import type { MessageParties } from './provenance.js';
import { recordRequest } from './record-request.js';

const dcm = 'http://dicom.nema.org/resources/ontology/DCM';

/** AuditEvent.outcome (https://hl7.org/fhir/R4/valueset-audit-event-outcome.html) by ACK code. */
const outcomeByAck = { AA: '0', AE: '4', AR: '8' } as const;

export interface AuditFacts extends MessageParties {
  readonly ackCode: 'AA' | 'AE' | 'AR';
  /** What went wrong, for AE/AR: the ERR text, which names locations, never values. */
  readonly outcomeDesc?: string;
  /** The sender's network address (IP), as the transport saw it. */
  readonly address?: string;
  /** The patient the message is about: the Patient entry's fullUrl, else its identifier. */
  readonly patient?: Reference;
}

/**
 * The AuditEvent of a received message, after IHE BALP's Import pattern (DICOM 110107, action C):
 * the sender as Source Role (110153, requestor, with its network address), NexusHealth as Destination
 * Role (110152), the message as a system object and the patient as the patient entity, so that the
 * event is in the patient's compartment. Outcome from the ACK: AA 0, AE 4 (minor), AR 8 (serious).
 * `once`: conditional on the message tag (`recordRequest`).
 */
export function auditEventEntry(facts: AuditFacts, fullUrl: string, once: boolean): BundleEntry {
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    meta: { tag: [messageTag(facts.entryId)] },
    type: { system: dcm, code: '110107', display: 'Import' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'transaction', display: 'transaction' }],
    action: 'C',
    recorded: facts.recorded,
    outcome: outcomeByAck[facts.ackCode],
    ...(facts.outcomeDesc === undefined ? {} : { outcomeDesc: facts.outcomeDesc }),
    agent: [
      {
        type: { coding: [{ system: dcm, code: '110153', display: 'Source Role ID' }] },
        who: facts.sender,
        requestor: true,
        ...(facts.address === undefined ? {} : { network: { address: facts.address, type: '2' } }),
      },
      {
        type: { coding: [{ system: dcm, code: '110152', display: 'Destination Role ID' }] },
        who: { display: 'NexusHealth HL7v2 worker' },
        requestor: false,
      },
    ],
    source: {
      observer: { display: 'NexusHealth HL7v2 worker' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
    },
    entity: [
      {
        what: facts.message,
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
          code: '2',
          display: 'System Object',
        },
      },
      ...(facts.patient === undefined
        ? []
        : [
            {
              what: facts.patient,
              type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
              role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
            },
          ]),
    ],
  };
  return { fullUrl, resource: event, request: recordRequest('AuditEvent', facts.entryId, once) };
}
