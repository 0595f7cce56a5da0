import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { Hl7DataError } from './data-error.js';
import { replaceCodePatch } from './fhirpath-patch.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import { notesOf } from './nte.js';
import { addObservations } from './observation-entries.js';
import { mapOrder, requestStatus } from './orc.js';
import { orderNumbers } from './order-numbers.js';
import { mapOrders } from './order-frame.js';
import type { OrderScope } from './order-scope.js';
import type { OrderGroup } from './segment-groups.js';
import { addSpecimens } from './specimen-entries.js';
import { obrSpecimen } from './sps.js';

/**
 * ORM^O01 and OML^O21 → transaction Bundle (V2-to-FHIR IG message map OML_O21; ORM_O01 has the same
 * ORC/OBR/OBX/NTE order groups): per ORC/OBR a ServiceRequest, a conditional update keyed on the placer
 * order number (ORC-2/OBR-2), else the filler's: each order message restates the order, and a cancel
 * (ORC-1 CA) revokes it. Its Specimens (SPM, else OBR-15) and the Observations sent with the order (OBX:
 * ask-at-order-entry answers, as `supportingInfo`). An order with neither number is an AE 101 at ORC-2.
 */
export function mapOrderMessage(message: Hl7Message, ctx: MappingContext): MappingResult {
  return mapOrders(message, ctx, addOrder);
}

function addOrder(order: OrderGroup, scope: OrderScope): void {
  const { subject, keys, tx, ctx } = scope;
  const { orc, obr } = order;
  const numbers = orderNumbers(orc, obr, ctx);
  const key = numbers.placer ?? numbers.filler;
  if (key === undefined) {
    throw new Hl7DataError({ code: '101', text: 'the order has no placer or filler order number', location: 'ORC-2' });
  }
  if (obr === undefined) {
    patchStatus(orc, key, scope);
    return;
  }
  const links = { subject: subject.patient, encounter: subject.encounter };
  const request = mapOrder(order, numbers, { ...links, notes: notesOf(order.notes, ctx, tx) }, ctx, tx);
  // The ServiceRequest goes first so that its Specimens and Observations can point at it; it then
  // points back at them (the entry holds this same object).
  const requestUrl = tx.put(request, key);
  const specimenLinks = { subject: subject.patient, request: { reference: requestUrl } };
  const specimens = addSpecimens(order, key, specimenLinks, scope);
  const older =
    specimens.references.length === 0 && obr !== undefined ? obrSpecimen(obr, specimenLinks, ctx) : undefined;
  if (older !== undefined) {
    const olderKey = keys.next('specimen', key, 'OBR', '15', 1, 'OBR-15');
    specimens.references.push({ reference: tx.put({ ...older, identifier: [olderKey] }, olderKey) });
  }
  const observationLinks = { ...links, basedOn: { reference: requestUrl } };
  const observations = [
    ...addObservations(order.observations, key, 'OBX', observationLinks, scope),
    ...specimens.addObservations(observationLinks),
  ];
  if (specimens.references.length > 0) request.specimen = specimens.references;
  if (observations.length > 0) request.supportingInfo = observations;
}

/**
 * A bare order control (ORC without OBR: a cancel, hold or release naming the order only) carries no
 * order detail to restate, so it changes the status alone: a conditional FHIRPath Patch
 * (https://hl7.org/fhir/R4/fhirpatch.html) of ServiceRequest.status. An order never seen then fails
 * (404 → AE: the sender learns the control found nothing). A control that says nothing of the state is
 * a warning and no entry.
 */
function patchStatus(orc: Hl7Segment | undefined, key: IdentifierKey, { tx, ctx }: OrderScope): void {
  const status = requestStatus(orc, ctx);
  if (status === 'unknown') {
    ctx.warn('ORC-1', 'an order control without OBR that changes no status; nothing recorded', '100');
    return;
  }
  tx.patch('ServiceRequest', key, replaceCodePatch('ServiceRequest.status', status));
}
