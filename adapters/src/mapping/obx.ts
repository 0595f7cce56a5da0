import type {
  Encounter,
  Identifier,
  Immunization,
  Observation,
  ObservationComponent,
  ObservationReferenceRange,
  Patient,
  Reference,
  ServiceRequest,
  Specimen,
} from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweToCodeableConcept } from './cwe.js';
import { eiToIdentifier } from './ei.js';
import type { MappingContext } from './mapping-context.js';
import { notesOf } from './nte.js';
import { absentReasons, interpretation, observationStatus, unknownCode } from './obx-codes.js';
import { obxValue, textTypes } from './obx-value.js';
import type { ObservationValue } from './observation-value.js';
import type { ObservationGroup } from './segment-groups.js';
import { textOf } from './text.js';
import { unitsQuantity, type Hl7Units } from './units.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { hl7Code } from './hl7-code.js';

/** What an Observation points at, from the message around its OBX. */
export interface ObservationLinks {
  readonly subject: Reference<Patient>;
  readonly encounter?: Reference<Encounter> | undefined;
  readonly basedOn?: Reference<ServiceRequest> | undefined;
  readonly partOf?: Reference<Immunization> | undefined;
  readonly specimen?: Reference<Specimen> | undefined;
  /** OBR-7 observation date/time, for an OBX-14 left empty (the OBX inherits its order's time). */
  readonly effective?: string | undefined;
}

/**
 * OBX (+ its NTE) → Observation after the V2-to-FHIR IG segment map OBX[Observation]: OBX-3 code,
 * OBX-5 value by OBX-2 with OBX-6 units (`obx-value.ts`), OBX-7 referenceRange, OBX-8 interpretation,
 * OBX-11 status (X/N with dataAbsentReason), OBX-14 effective, OBX-16 and OBX-23 performer, OBX-17
 * method, OBX-20 bodySite, OBX-21 identifier, NTE note. `key` is the identifier the entry is matched on.
 * A repeating OBX-5 of a text type is one text, its repetitions lines; of another type, one component
 * per repetition (the IG's first option for a repeating value), each with OBX-3 as its code.
 */
export function mapObx(
  group: ObservationGroup,
  key: Identifier,
  links: ObservationLinks,
  ctx: MappingContext,
  tx: TransactionBuilder,
): Observation {
  const { obx } = group;
  const statusCode = hl7Code(obx.field(11).value);
  const status = observationStatus[statusCode ?? ''];
  if (status === undefined) ctx.warn('OBX-11', 'result status missing or not in HL7 table 0085; status unknown', '103');
  const code = cweToCodeableConcept(obx.field(3).repetitions[0]);
  if (code === undefined) ctx.warn('OBX-3', 'no observation identifier; code recorded as unknown', '101');
  const absent = absentReasons[statusCode ?? ''];
  const instance = eiToIdentifier(obx.field(21).repetitions[0], ctx, {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'FILL' }],
  });
  const effective = ctx.dateTime(obx.field(14).repetitions[0], 'OBX-14') ?? links.effective;
  const performer = performers(obx, ctx, tx);
  const interpretations = obx.field(8).repetitions.flatMap((rep) => interpretation(rep) ?? []);
  const range = referenceRange(obx, units(obx));
  const method = cweToCodeableConcept(obx.field(17).repetitions[0]);
  const bodySite = cweToCodeableConcept(obx.field(20).repetitions[0]);
  const note = notesOf(group.notes, ctx, tx);
  return {
    resourceType: 'Observation',
    identifier: instance === undefined ? [key] : [key, instance],
    ...(links.basedOn === undefined ? {} : { basedOn: [links.basedOn] }),
    ...(links.partOf === undefined ? {} : { partOf: [links.partOf] }),
    status: status ?? 'unknown',
    code: code ?? unknownCode,
    subject: links.subject,
    ...(links.encounter === undefined ? {} : { encounter: links.encounter }),
    ...(effective === undefined ? {} : { effectiveDateTime: effective }),
    ...(performer.length === 0 ? {} : { performer }),
    ...(absent === undefined ? values(obx, code ?? unknownCode, ctx) : { dataAbsentReason: absent }),
    ...(interpretations.length === 0 ? {} : { interpretation: interpretations }),
    ...(note.length === 0 ? {} : { note }),
    ...(bodySite === undefined ? {} : { bodySite }),
    ...(method === undefined ? {} : { method }),
    ...(links.specimen === undefined ? {} : { specimen: links.specimen }),
    ...(range === undefined ? {} : { referenceRange: [range] }),
  };
}

/** OBX-6 units (CWE: identifier ^ text ^ coding system). */
function units(obx: Hl7Segment): Hl7Units | undefined {
  const cwe = obx.field(6).repetitions[0];
  return cwe === undefined ? undefined : { code: cwe.component(1), text: cwe.component(2), system: cwe.component(3) };
}

/** OBX-5 as value[x], or as components when a non-text value repeats. */
function values(
  obx: Hl7Segment,
  code: Observation['code'],
  ctx: MappingContext,
): ObservationValue | { component: ObservationComponent[] } {
  const type = obx.field(2).value;
  const reps = obx.field(5).repetitions.filter((rep) => !rep.isNull);
  if (type !== undefined && textTypes.has(type) && reps.length > 1) {
    return { valueString: reps.map((rep) => textOf(rep, ctx) ?? '').join('\n') };
  }
  const mapped = reps.map((rep) => obxValue(type, rep, units(obx), ctx));
  if (mapped.length <= 1) return mapped[0] ?? {};
  return { component: mapped.flatMap((value) => (value === undefined ? [] : [{ code, ...value }])) };
}

/** OBX-16 responsible observers (XCN) and OBX-23 performing organization (XON.1 name). */
function performers(
  obx: Hl7Segment,
  ctx: MappingContext,
  tx: TransactionBuilder,
): NonNullable<Observation['performer']> {
  const people = obx.field(16).repetitions.flatMap((rep) => practitionerReference(rep, ctx, tx) ?? []);
  const organization = obx.field(23).component(1);
  return organization === undefined ? people : [...people, { display: organization }];
}

/**
 * OBX-7 → referenceRange: the text as sent, and low/high with the OBX-6 units when it reads as
 * `low-high`, `<high`, `<=high`, `>low` or `>=low` (the IG: "if OBX-7 is sufficiently parseable").
 */
function referenceRange(obx: Hl7Segment, unitsOf: Hl7Units | undefined): ObservationReferenceRange | undefined {
  const text = obx.field(7).value?.trim();
  if (text === undefined || text === '') return undefined;
  const number = '([+-]?(?:\\d+\\.?\\d*|\\.\\d+))';
  const between = new RegExp(`^${number}\\s*-\\s*${number}$`).exec(text);
  const bound = new RegExp(`^(<=|>=|<|>)\\s*${number}$`).exec(text);
  const quantity = (n: string | undefined): ReturnType<typeof unitsQuantity> => unitsQuantity(Number(n), unitsOf);
  if (between !== null) return { low: quantity(between[1]), high: quantity(between[2]), text };
  if (bound?.[1]?.startsWith('<')) return { high: quantity(bound[2]), text };
  if (bound?.[1]?.startsWith('>')) return { low: quantity(bound[2]), text };
  return { text };
}
