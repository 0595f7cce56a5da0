import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { AdtSegmentContext } from './adt-segment-context.js';
import { mapDg1 } from './dg1.js';
import { mapIn1 } from './in1.js';
import { mapPr1 } from './pr1.js';
import { Hl7DataError } from './data-error.js';
import { mapFt1 } from './ft1.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { mapPatientContext } from './patient-context.js';
import { TransactionBuilder } from './transaction-builder.js';

/** The DFT_P03 segments the IG maps on their own (DG1 → Condition, PR1 → Procedure, IN1 → Coverage), as ADT maps them. */
const financialSegments: readonly (readonly [string, (segment: Hl7Segment, context: AdtSegmentContext) => void])[] = [
  ['DG1', mapDg1],
  ['PR1', mapPr1],
  ['IN1', mapIn1],
];

/**
 * DFT^P03 (post detail financial transactions, v2.5.1 §6.4.3) → one ChargeItem per FT1 (`ft1.ts`: the
 * IG maps no DFT message, R4's ChargeItem maps FT1), each a conditional update on its transaction id; the
 * Patient (PID) and the Encounter (PV1-19) as for every non-ADT message. A late DFT (a newer message for
 * the patient already applied) is create-only: a posted transaction is not restated. DG1, PR1 and IN1
 * become Condition, Procedure and Coverage through the ADT segment mappers.
 */
function mapDft(message: Hl7Message, _trigger: string, ctx: MappingContext): MappingResult {
  const tx = new TransactionBuilder(ctx);
  const { patient, patientKey, encounter, encounterResource } = mapPatientContext(message, ctx, tx);
  if (patient === undefined || patientKey === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no PID segment', location: 'PID' });
  const ft1s = message.all('FT1');
  if (ft1s.length === 0)
    throw new Hl7DataError({ code: '100', text: 'the message has no FT1 segment', location: 'FT1' });
  const context = { patient, ...(encounter === undefined ? {} : { encounter }) };
  for (const ft1 of ft1s) {
    const charge = mapFt1(ft1, message, context, ctx, tx);
    if (charge !== undefined) tx.put(charge.chargeItem, charge.key);
  }
  const segment: AdtSegmentContext = {
    ctx,
    tx,
    patient: { fullUrl: patient, key: patientKey },
    ...(encounter === undefined || encounterResource === undefined
      ? {}
      : { encounter: { fullUrl: encounter, resource: encounterResource } }),
  };
  for (const [name, map] of financialSegments) for (const s of message.all(name)) map(s, segment);
  return tx.build(); // no stateElements: applied late, every entry is create-only
}

export const dftMapper: MessageMapper = { messageCode: 'DFT', triggers: ['P03'], map: mapDft };
