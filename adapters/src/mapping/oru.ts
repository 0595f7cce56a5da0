import type { Reference, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { Hl7DataError } from './data-error.js';
import type { MessageMapper } from './message-mapper.js';
import { notesOf } from './nte.js';
import { mapObr } from './obr.js';
import { addObservations } from './observation-entries.js';
import { mapOrder } from './orc.js';
import { orderNumbers } from './order-numbers.js';
import { mapOrders } from './order-frame.js';
import type { OrderScope } from './order-scope.js';
import type { OrderGroup } from './segment-groups.js';
import { addSpecimens } from './specimen-entries.js';

/**
 * One ORDER_OBSERVATION of an ORU^R01 (V2-to-FHIR IG message map ORU_R01): a DiagnosticReport (OBR),
 * its Observations (OBX + NTE), Specimens (SPM, with their own OBX), and the ServiceRequest it is based
 * on (ORC/OBR: a conditional create keyed on the placer number, else the filler's, as the order
 * messages key it). The report is keyed on the filler order number (OBR-3, else ORC-3), else the
 * placer's; a result with neither cannot be filed again without duplicates and is an AE.
 */
function addReport(order: OrderGroup, scope: OrderScope): void {
  const { subject, tx, ctx } = scope;
  const { orc, obr } = order;
  if (obr === undefined) {
    ctx.warn('OBR', 'an order without OBR carries no result; not recorded', '100');
    return;
  }
  const numbers = orderNumbers(orc, obr, ctx);
  const reportKey = numbers.filler ?? numbers.placer;
  if (reportKey === undefined) {
    throw new Hl7DataError({ code: '101', text: 'the result has no filler or placer order number', location: 'OBR-3' });
  }
  const links = { subject: subject.patient, encounter: subject.encounter };
  const request = mapOrder(order, numbers, { ...links, notes: [] }, ctx, tx);
  const basedOn: Reference<ServiceRequest> = { reference: tx.createIfMissing(request, numbers.placer ?? reportKey) };
  const specimens = addSpecimens(order, reportKey, { subject: subject.patient, request: basedOn }, scope);
  const reportLinks = { ...links, basedOn: [basedOn], specimen: specimens.references };
  const report = mapObr(obr, numbers, reportLinks, notesOf(order.notes, ctx, tx), ctx);
  const observationLinks = { ...links, basedOn, effective: report.effectiveDateTime ?? report.effectivePeriod?.start };
  const onlySpecimen: Reference<Specimen> | undefined =
    specimens.references.length === 1 ? specimens.references[0] : undefined;
  const orderLinks = { ...observationLinks, specimen: onlySpecimen };
  const result = [
    ...addObservations(order.observations, reportKey, 'OBX', orderLinks, scope),
    ...specimens.addObservations(observationLinks),
  ];
  tx.put(result.length === 0 ? report : { ...report, result }, reportKey);
}

/** ORU^R01 → transaction Bundle: the subject and patient observations, then each order (`addReport`). */
export const oruMapper: MessageMapper = {
  messageCode: 'ORU',
  triggers: ['R01'],
  map: (message, _trigger, ctx) => mapOrders(message, ctx, addReport),
};
