import type {
  Encounter,
  Immunization,
  ImmunizationPerformer,
  Organization,
  Patient,
  Reference,
} from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { Hl7Segment } from '../hl7/segment.js';
import { codingSystem, cweToCodeableConcept } from './cwe.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import { hl7Number } from './observation-value.js';
import { unknownCode } from './obx-codes.js';
import type { OrderNumbers } from './order-numbers.js';
import { practitionerReference } from './practitioner-reference.js';
import { rxrElements } from './rxr.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { unitsQuantity } from './units.js';
import { hl7Code } from './hl7-code.js';

type Status = Immunization['status'];

/** HL7 table 0322 (RXA-20) → Immunization.status (V2-to-FHIR IG ConceptMap CompletionStatus). */
const completion: Readonly<Record<string, Status>> = {
  CP: 'completed',
  PA: 'completed',
  RE: 'not-done',
  NA: 'not-done',
};

const v20443 = 'http://terminology.hl7.org/CodeSystem/v2-0443';

export interface ImmunizationLinks {
  readonly patient: Reference<Patient>;
  readonly encounter?: Reference<Encounter> | undefined;
}

/**
 * ORC + RXA + RXR → Immunization after the V2-to-FHIR IG segment maps ORC[Immunization], RXA[Immunization]
 * and RXR[Immunization]: order numbers as identifiers; status RXA-21 D → entered-in-error, else RXA-20
 * (empty: completed; PA partially administered also isSubpotent, immunization.html#Immunization.isSubpotent);
 * RXA-9 NIP001 primarySource/reportOrigin; RXA-18 statusReason; RXA-5 vaccineCode (CVX); RXA-3 occurrence (required: an AE
 * without); RXA-22 (action A) else ORC-9 recorded; RXA-15 lot, RXA-16 expiration; RXA-17 manufacturer
 * (an Organization by conditional create on its MVX code); RXA-6/RXA-7 dose (999, "unknown amount" in the
 * CDC guide, is no dose); RXA-10 administering (function AP) and ORC-12 ordering (OP) performers; RXA-19
 * reasonCode; RXR route and site.
 */
export function mapRxa(
  orc: Hl7Segment | undefined,
  rxa: Hl7Segment,
  rxr: Hl7Segment | undefined,
  numbers: OrderNumbers,
  links: ImmunizationLinks,
  ctx: MappingContext,
  tx: TransactionBuilder,
): Immunization {
  const occurrence = ctx.dateTime(rxa.field(3).repetitions[0], 'RXA-3');
  if (occurrence === undefined) {
    throw new Hl7DataError({ code: '101', text: 'the administration has no start date/time', location: 'RXA-3' });
  }
  const vaccineCode = cweToCodeableConcept(rxa.field(5).repetitions[0], 'http://hl7.org/fhir/sid/cvx');
  if (vaccineCode === undefined) ctx.warn('RXA-5', 'no administered code; vaccine recorded as unknown', '101');
  const statusReason = cweToCodeableConcept(rxa.field(18).repetitions[0]);
  const recorded =
    (rxa.field(21).value === 'A' ? ctx.dateTime(rxa.field(22).repetitions[0], 'RXA-22') : undefined) ??
    ctx.dateTime(orc?.field(9).repetitions[0], 'ORC-9');
  const lotNumber = rxa.field(15).value;
  const expirationDate = ctx.date(rxa.field(16).repetitions[0], 'RXA-16');
  const manufacturer = manufacturerReference(rxa.field(17).repetitions[0], tx);
  const dose = doseQuantity(rxa);
  const performer = performers(orc, rxa, ctx, tx);
  const reasonCode = rxa.field(19).repetitions.flatMap((rep) => cweToCodeableConcept(rep) ?? []);
  return {
    resourceType: 'Immunization',
    identifier: numbers.identifiers,
    status: immunizationStatus(rxa, ctx),
    ...(hl7Code(rxa.field(20).value) === 'PA' && rxa.field(21).value !== 'D' ? { isSubpotent: true } : {}),
    ...(statusReason === undefined ? {} : { statusReason }),
    vaccineCode: vaccineCode ?? unknownCode,
    patient: links.patient,
    ...(links.encounter === undefined ? {} : { encounter: links.encounter }),
    occurrenceDateTime: occurrence,
    ...(recorded === undefined ? {} : { recorded }),
    ...informationSource(rxa),
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(lotNumber === undefined ? {} : { lotNumber }),
    ...(expirationDate === undefined ? {} : { expirationDate }),
    ...rxrElements(rxr),
    ...(dose === undefined ? {} : { doseQuantity: dose }),
    ...(performer.length === 0 ? {} : { performer }),
    ...(reasonCode.length === 0 ? {} : { reasonCode }),
  };
}

/**
 * RXA-9 in the CDC immunization guide's NIP001 codes (the IG leaves RXA-9 to realm guides): `00` new
 * record → primarySource true; `01`–`08` historical → primarySource false and the code as reportOrigin
 * (R4 Immunization.reportOrigin, an example binding). Other RXA-9 content (notes) says nothing of the source.
 */
function informationSource(rxa: Hl7Segment): Pick<Immunization, 'primarySource' | 'reportOrigin'> {
  const source = rxa.field(9).repetitions.find((rep) => hl7Code(rep.component(3))?.toUpperCase() === 'NIP001');
  const code = hl7Code(source?.component(1));
  if (source === undefined || code === undefined) return {};
  if (code === '00') return { primarySource: true };
  const reportOrigin = cweToCodeableConcept(source);
  return { primarySource: false, ...(reportOrigin === undefined ? {} : { reportOrigin }) };
}

function immunizationStatus(rxa: Hl7Segment, ctx: MappingContext): Status {
  if (rxa.field(21).value === 'D') return 'entered-in-error';
  const code = hl7Code(rxa.field(20).value);
  if (code === undefined) return 'completed';
  const status = completion[code];
  if (status === undefined) ctx.warn('RXA-20', 'completion status not in HL7 table 0322; recorded as completed', '103');
  return status ?? 'completed';
}

function doseQuantity(rxa: Hl7Segment): Immunization['doseQuantity'] {
  const amount = hl7Number(rxa.field(6).value);
  if (amount === undefined || amount === 999) return undefined;
  const units = rxa.field(7).repetitions[0];
  return unitsQuantity(amount, { code: units?.component(1), text: units?.component(2), system: units?.component(3) });
}

/** RXA-17 (CWE, MVX codes) → an Organization by conditional create on system + code, named by CWE.2. */
function manufacturerReference(
  cwe: Hl7Repetition | undefined,
  tx: TransactionBuilder,
): Reference<Organization> | undefined {
  const code = cwe?.component(1);
  const name = cwe?.component(2);
  if (code === undefined) return name === undefined ? undefined : { display: name };
  const key = { system: codingSystem(cwe?.component(3)) ?? 'http://hl7.org/fhir/sid/mvx', value: code };
  const organization: Organization = {
    resourceType: 'Organization',
    identifier: [key],
    ...(name === undefined ? {} : { name }),
  };
  return { reference: tx.createIfMissing(organization, key), ...(name === undefined ? {} : { display: name }) };
}

function performers(
  orc: Hl7Segment | undefined,
  rxa: Hl7Segment,
  ctx: MappingContext,
  tx: TransactionBuilder,
): ImmunizationPerformer[] {
  const role = (code: string, xcn: Hl7Repetition | undefined): ImmunizationPerformer[] => {
    const actor = practitionerReference(xcn, ctx, tx);
    return actor === undefined ? [] : [{ function: { coding: [{ system: v20443, code }] }, actor }];
  };
  return [...rxa.field(10).repetitions.flatMap((rep) => role('AP', rep)), ...role('OP', orc?.field(12).repetitions[0])];
}
