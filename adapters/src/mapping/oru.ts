import type { Reference, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import { Hl7DataError } from './data-error.js';
import { DerivedKeys } from './derived-keys.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { notesOf } from './nte.js';
import { mapObr } from './obr.js';
import { addObservations } from './observation-entries.js';
import { mapOrder } from './orc.js';
import { orderNumbers } from './order-numbers.js';
import { addPatientObservations } from './patient-observations.js';
import { orderGroups, type OrderGroup } from './segment-groups.js';
import { addSpecimens } from './specimen-entries.js';
import { requireSubject, type Subject } from './subject.js';
import { TransactionBuilder } from './transaction-builder.js';

/**
 * ORU^R01 → transaction Bundle after the V2-to-FHIR IG message map ORU_R01: Patient and Encounter as
 * for every non-ADT message (`subject.ts`); per ORDER_OBSERVATION a DiagnosticReport (OBR), its
 * Observations (OBX + NTE), Specimens (SPM, with their own OBX), and the ServiceRequest it is based
 * on (ORC/OBR: a conditional create keyed on the placer number, else the filler's, as the order
 * messages key it). The report is keyed on the filler order number (OBR-3, else ORC-3), else the
 * placer's; a result with neither cannot be filed again without duplicates and is an AE.
 */
function mapOru(message: Hl7Message, _trigger: string, ctx: MappingContext): MappingResult {
  const tx = new TransactionBuilder(ctx);
  const subject = requireSubject(message, ctx, tx);
  const { patientObservations, orders } = orderGroups(message);
  const keys = new DerivedKeys(ctx);
  addPatientObservations(message, patientObservations, subject, keys, tx, ctx);
  for (const order of orders) addReport(order, subject, keys, tx, ctx);
  return tx.build();
}

function addReport(
  order: OrderGroup,
  subject: Subject,
  keys: DerivedKeys,
  tx: TransactionBuilder,
  ctx: MappingContext,
): void {
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
  const requestKey = numbers.placer ?? reportKey;
  const links = { subject: subject.patient, encounter: subject.encounter };
  const request = mapOrder(orc, obr, numbers, { ...links, notes: [] }, ctx);
  const basedOn: Reference<ServiceRequest> = { reference: tx.createIfMissing(request, requestKey) };
  const specimens = addSpecimens(order, reportKey, { subject: subject.patient, request: basedOn }, keys, tx, ctx);
  const report = mapObr(
    obr,
    numbers,
    { ...links, basedOn: [basedOn], specimen: specimens.references },
    notesOf(order.notes, ctx),
    ctx,
  );
  const observationLinks = { ...links, basedOn, effective: report.effectiveDateTime ?? report.effectivePeriod?.start };
  const onlySpecimen: Reference<Specimen> | undefined =
    specimens.references.length === 1 ? specimens.references[0] : undefined;
  const result = [
    ...addObservations(
      order.observations,
      reportKey,
      'OBX',
      { ...observationLinks, specimen: onlySpecimen },
      keys,
      tx,
      ctx,
    ),
    ...specimens.addObservations(observationLinks),
  ];
  tx.put(result.length === 0 ? report : { ...report, result }, reportKey);
}

export const oruMapper: MessageMapper = { messageCode: 'ORU', triggers: ['R01'], map: mapOru };
