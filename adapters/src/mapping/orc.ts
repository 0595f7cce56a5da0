import type { Annotation, Encounter, Patient, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import type { OrderNumbers } from './order-numbers.js';
import type { OrderGroup } from './segment-groups.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { hl7Code } from './hl7-code.js';

type Status = ServiceRequest['status'];

/** HL7 table 0038 (ORC-5) → request-status (V2-to-FHIR IG ConceptMap table-hl70038-to-request-status). */
const orderStatus: Readonly<Record<string, Status>> = {
  CA: 'revoked',
  CM: 'completed',
  DC: 'revoked',
  ER: 'entered-in-error',
  HD: 'on-hold',
  IP: 'active',
  RP: 'revoked',
  SC: 'active',
};

/**
 * HL7 table 0119 (ORC-1) → request-status when ORC-5 is empty (V2-to-FHIR IG ConceptMap
 * OrderControlCode[ServiceRequest.status]). One departure: the IG keeps CA (cancel request) active,
 * as the filler has yet to confirm it; NexusHealth stores orders and is no filler, so a placer's CA
 * revokes the order at once. Codes that say nothing of the order's state (RE, SC, XO …) → unknown.
 */
const controlStatus: Readonly<Record<string, Status>> = {
  AF: 'active',
  CA: 'revoked',
  CR: 'revoked',
  DC: 'revoked',
  DF: 'revoked',
  DR: 'revoked',
  FU: 'completed',
  HD: 'active',
  HR: 'on-hold',
  NW: 'active',
  OC: 'revoked',
  OD: 'revoked',
  OH: 'on-hold',
  OK: 'active',
  PR: 'active',
  PY: 'active',
  RL: 'active',
  RO: 'active',
  RQ: 'active',
};

/** HL7 table 0027 → request-priority; P (preop), C (callback), T (timing critical) and PRN have none. */
const priorities: Readonly<Record<string, NonNullable<ServiceRequest['priority']>>> = {
  S: 'stat',
  A: 'asap',
  R: 'routine',
};

/** What the ServiceRequest of an order points at (fullUrls of the same transaction); specimens and supportingInfo are set by the caller. */
export interface RequestLinks {
  readonly subject: Reference<Patient>;
  readonly encounter?: Reference<Encounter> | undefined;
  readonly notes: readonly Annotation[];
}

/**
 * ORC + OBR → ServiceRequest after the V2-to-FHIR IG segment maps ORC[ServiceRequest] and
 * OBR[ServiceRequest]: order numbers (PLAC, FILL, PGN); status from ORC-5, else ORC-1; intent `order`
 * (OBR-11 G: `reflex-order`); OBR-5 (else TQ1-9, else ORC-7.6) priority; OBR-4 code; OBR-6 occurrence; ORC-9
 * authoredOn for a new order (ORC-1 NW; the time of any other event is not when it was authored);
 * ORC-12 (else OBR-16) requester; ORC-16 status reason; OBR-31 reasonCode; NTE note.
 */
export function mapOrder(
  { orc, obr, tq1 }: Pick<OrderGroup, 'orc' | 'obr' | 'tq1'>,
  numbers: OrderNumbers,
  links: RequestLinks,
  ctx: MappingContext,
  tx: TransactionBuilder,
): ServiceRequest {
  const control = orc?.field(1).value;
  const code = cweToCodeableConcept(obr?.field(4).repetitions[0]);
  const priority = priorities[obr?.field(5).value ?? tq1?.field(9).value ?? orc?.field(7).component(6) ?? ''];
  const occurrence = ctx.dateTime(obr?.field(6).repetitions[0], 'OBR-6');
  const authoredOn = control === 'NW' ? ctx.dateTime(orc?.field(9).repetitions[0], 'ORC-9') : undefined;
  const requester =
    practitionerReference(orc?.field(12).repetitions[0], ctx, tx) ??
    practitionerReference(obr?.field(16).repetitions[0], ctx, tx);
  const reason = cweToCodeableConcept(orc?.field(16).repetitions[0]);
  const reasonCode = (obr?.field(31).repetitions ?? []).flatMap((rep) => cweToCodeableConcept(rep) ?? []);
  return {
    resourceType: 'ServiceRequest',
    ...(reason === undefined
      ? {}
      : {
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/request-statusReason', valueCodeableConcept: reason },
          ],
        }),
    identifier: numbers.identifiers,
    status: requestStatus(orc, ctx),
    intent: obr?.field(11).value === 'G' ? 'reflex-order' : 'order',
    ...(priority === undefined ? {} : { priority }),
    ...(code === undefined ? {} : { code }),
    subject: links.subject,
    ...(links.encounter === undefined ? {} : { encounter: links.encounter }),
    ...(occurrence === undefined ? {} : { occurrenceDateTime: occurrence }),
    ...(authoredOn === undefined ? {} : { authoredOn }),
    ...(requester === undefined ? {} : { requester }),
    ...(reasonCode.length === 0 ? {} : { reasonCode }),
    ...(links.notes.length === 0 ? {} : { note: [...links.notes] }),
  };
}

/** ServiceRequest.status from ORC-5 (table 0038), else ORC-1 (table 0119); `unknown` when neither says. */
export function requestStatus(orc: Hl7Segment | undefined, ctx: MappingContext): Status {
  const statusCode = hl7Code(orc?.field(5).value);
  if (statusCode !== undefined) {
    const status = orderStatus[statusCode];
    if (status !== undefined) return status;
    ctx.warn('ORC-5', 'order status not in HL7 table 0038; read from ORC-1', '103');
  }
  return controlStatus[orc?.field(1).value ?? ''] ?? 'unknown';
}
