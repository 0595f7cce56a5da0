import type { CodeableConcept, Encounter } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import type { TransactionBuilder } from './transaction-builder.js';

/** What the ADT segment mappers (NK1, AL1, DG1, PR1, IN1) share: where to add, and whom it is about. */
export interface AdtSegmentContext {
  readonly ctx: MappingContext;
  readonly tx: TransactionBuilder;
  readonly patient: { readonly fullUrl: string; readonly key: IdentifierKey };
  /** The message's Encounter, when it has one (DG1 adds Encounter.diagnosis to it). */
  readonly encounter?: { readonly fullUrl: string; readonly resource: Encounter };
}

/** The patient key as parts of a `derivedKey`. */
export function patientParts(segment: AdtSegmentContext): string[] {
  return [segment.patient.key.system, segment.patient.key.value];
}

/** A segment's coded subject (AL1-3, DG1-3, PR1-3) with the code that keys it. */
export interface SegmentCode {
  readonly concept: CodeableConcept;
  readonly system: string;
  readonly code: string;
}

/**
 * The CWE in field `field` of `segment` (with the separate description field's text when the CWE has
 * none, as DG1-4/PR1-4); undefined, with a warning at it, when it has no code: the record is then left out.
 */
export function requiredCode(
  segment: Hl7Segment,
  field: number,
  context: AdtSegmentContext,
  description?: number,
): SegmentCode | undefined {
  const concept = cweToCodeableConcept(segment.field(field).repetitions[0]);
  const first = concept?.coding?.[0];
  if (concept === undefined || first?.code === undefined) {
    context.ctx.warn(`${segment.name}-${field}`, 'no code: the record was not recorded', '101');
    return undefined;
  }
  const text = description === undefined ? undefined : segment.field(description).value;
  return {
    concept: concept.text === undefined && text !== undefined ? { ...concept, text } : concept,
    system: first.system ?? '',
    code: first.code,
  };
}
