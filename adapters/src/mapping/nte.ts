import type { Annotation, Extension } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { MappingContext } from './mapping-context.js';
import { textOf } from './text.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';

/**
 * NTE → Annotation (V2-to-FHIR IG segment map NTE[Annotation]): NTE-3 comment (its repetitions are lines;
 * formatting escapes such as `\.br\` are already line breaks), NTE-5 entered by → author (a Practitioner,
 * `practitioner-reference.ts`), NTE-6 entered
 * date/time → time. An NTE without a comment (the corpus has `NTE|1||||||||`) gives no annotation.
 */
function nteToAnnotation(nte: Hl7Segment, ctx: MappingContext, tx: TransactionBuilder): Annotation | undefined {
  const lines = nte.field(3).repetitions.map((rep) => textOf(rep, ctx) ?? '');
  const text = lines.join('\n');
  if (text.trim() === '') return undefined;
  const author = practitionerReference(nte.field(5).repetitions[0], ctx, tx);
  const time = ctx.dateTime(nte.field(6).repetitions[0], 'NTE-6');
  return {
    text,
    ...(author === undefined ? {} : { authorReference: author }),
    ...(time === undefined ? {} : { time }),
  };
}

/** The annotations of a run of NTE segments, empty ones left out. */
export function notesOf(ntes: readonly Hl7Segment[], ctx: MappingContext, tx: TransactionBuilder): Annotation[] {
  return ntes.flatMap((nte) => nteToAnnotation(nte, ctx, tx) ?? []);
}

/**
 * R4 DiagnosticReport has no `note` (R5 added it), so report comments travel in the R5 element's
 * cross-version extension (https://hl7.org/fhir/R4/versions.html#extensions).
 */
export function r5NoteExtensions(notes: readonly Annotation[]): Extension[] {
  return notes.map((valueAnnotation) => ({
    url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-DiagnosticReport.note',
    valueAnnotation,
  }));
}
