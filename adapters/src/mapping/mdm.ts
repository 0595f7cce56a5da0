import type { DocumentReference } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import { Hl7DataError } from './data-error.js';
import { replaceCodePatch } from './fhirpath-patch.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { mapDocumentContent } from './obx-document.js';
import { mapPatientContext } from './patient-context.js';
import { TransactionBuilder } from './transaction-builder.js';
import { documentKey, mapTxa } from './txa.js';

/**
 * MDM triggers that carry the document (the MDM_T02 structure, v2.5.1 §9.6): T02 original document
 * notification and content, T04 status change, T06 addendum, T08 edit, T10 replacement. Each sends the
 * document whole, so it is a conditional update on TXA-12. T11 (document cancel notification) carries no
 * OBX: it patches the status of the document it names. The other notification-only events (T01, T03,
 * T05, T09) are not mapped: a conditional update would wipe the content, and DocumentReference needs one.
 */
const triggers = ['T02', 'T04', 'T06', 'T08', 'T10', 'T11'];

/** T11: the cancelled document is entered-in-error (table 0273 CA, as TXA-19 maps it), nothing else changes. */
const cancel = replaceCodePatch('DocumentReference.status', 'entered-in-error');

/**
 * MDM → DocumentReference after the V2-to-FHIR IG (segment maps TXA and OBX → DocumentReference):
 * subject the Patient (PID, conditional update on PID-3 as ADT does), context.encounter the visit
 * (PV1-19, conditional create), content from the OBX segments.
 */
function mapMdm(message: Hl7Message, trigger: string, ctx: MappingContext): MappingResult {
  const txa = message.get('TXA');
  if (txa === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no TXA segment', location: 'TXA' });
  const tx = new TransactionBuilder(ctx);
  const { patient, encounter } = mapPatientContext(message, ctx, tx);
  if (patient === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no PID segment', location: 'PID' });
  if (trigger === 'T11') {
    tx.patch('DocumentReference', documentKey(txa, ctx), cancel); // applied late or not, it cancels
    return tx.build();
  }
  const { document, key } = mapTxa(txa, trigger, ctx, tx);
  const content = mapDocumentContent(message, ctx);
  if (content.length === 0) {
    throw new Hl7DataError({ code: '101', text: 'no document content in OBX-5', location: 'OBX-5' });
  }
  const resource: DocumentReference = {
    ...document,
    subject: { reference: patient },
    content: content.map((attachment) => ({ attachment })),
    ...(encounter === undefined ? {} : { context: { ...document.context, encounter: [{ reference: encounter }] } }),
  };
  tx.put(resource, key); // applied late (a newer message already was), create-only, like every entry
  return tx.build();
}

export const mdmMapper: MessageMapper = { messageCode: 'MDM', triggers, map: mapMdm };
