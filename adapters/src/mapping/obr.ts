import type { Annotation, DiagnosticReport, Encounter, Patient, Reference } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import { r5NoteExtensions } from './nte.js';
import { unknownCode } from './obx-codes.js';
import type { OrderNumbers } from './order-numbers.js';
import { hl7Code } from './hl7-code.js';

/**
 * HL7 table 0123 (OBR-25) → diagnostic-report-status, after the V2-to-FHIR IG ConceptMap
 * ResultStatus[Non-Queries] (O, I, S → registered; P preliminary; C corrected; R partial; F final;
 * X cancelled). The IG leaves A open with the remark that partial fits: A → partial.
 */
const reportStatus: Readonly<Record<string, DiagnosticReport['status']>> = {
  O: 'registered',
  I: 'registered',
  S: 'registered',
  A: 'partial',
  P: 'preliminary',
  C: 'corrected',
  R: 'partial',
  F: 'final',
  X: 'cancelled',
};

/** What the DiagnosticReport of an OBR points at (fullUrls of the same transaction); `result` is set by the caller. */
export interface ReportLinks {
  readonly subject: Reference<Patient>;
  readonly encounter?: Reference<Encounter> | undefined;
  readonly basedOn?: DiagnosticReport['basedOn'];
  readonly specimen: NonNullable<DiagnosticReport['specimen']>;
}

/**
 * OBR → DiagnosticReport after the V2-to-FHIR IG segment map OBR[DiagnosticReport]: the order numbers
 * as identifiers (PLAC, FILL), OBR-4 code, OBR-7 effective (a period with OBR-8), OBR-22 issued,
 * OBR-24 category (table 0074), OBR-25 status; NTE after the OBR in the R5 `note` extension.
 */
export function mapObr(
  obr: Hl7Segment,
  numbers: OrderNumbers,
  links: ReportLinks,
  notes: readonly Annotation[],
  ctx: MappingContext,
): DiagnosticReport {
  const statusCode = hl7Code(obr.field(25).value);
  const status = reportStatus[statusCode ?? ''];
  if (status === undefined) ctx.warn('OBR-25', 'result status missing or not in HL7 table 0123; status unknown', '103');
  const code = cweToCodeableConcept(obr.field(4).repetitions[0]);
  if (code === undefined) ctx.warn('OBR-4', 'no universal service identifier; code recorded as unknown', '101');
  const start = ctx.dateTime(obr.field(7).repetitions[0], 'OBR-7');
  const end = ctx.dateTime(obr.field(8).repetitions[0], 'OBR-8');
  const issued = ctx.instant(obr.field(22).repetitions[0], 'OBR-22');
  const section = hl7Code(obr.field(24).value);
  return {
    resourceType: 'DiagnosticReport',
    ...(notes.length === 0 ? {} : { extension: r5NoteExtensions(notes) }),
    identifier: numbers.identifiers.filter((id) => id !== numbers.group),
    ...(links.basedOn === undefined ? {} : { basedOn: links.basedOn }),
    status: status ?? 'unknown',
    ...(section === undefined
      ? {}
      : { category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: section }] }] }),
    code: code ?? unknownCode,
    subject: links.subject,
    ...(links.encounter === undefined ? {} : { encounter: links.encounter }),
    ...(end === undefined
      ? start === undefined
        ? {}
        : { effectiveDateTime: start }
      : { effectivePeriod: { ...(start === undefined ? {} : { start }), end } }),
    ...(issued === undefined ? {} : { issued }),
    ...(links.specimen.length === 0 ? {} : { specimen: links.specimen }),
  };
}
