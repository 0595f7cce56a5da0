import type { Procedure, ProcedurePerformer } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { patientParts, requiredCode, type AdtSegmentContext } from './adt-segment-context.js';
import { derivedKey } from './derived-keys.js';
import { cweToCodeableConcept } from './cwe.js';
import { addMilliseconds } from './hl7-datetime.js';
import { durationMillis } from './duration.js';
import { eiToIdentifier } from './ei.js';
import { nonEmpty } from './optional.js';
import { practitionerReference } from './practitioner-reference.js';

/** IG PR1 → Procedure.performer: PR1-8 anesthesiologist, PR1-11 surgeon (SNOMED functions), PR1-12 none. */
const performerFields: readonly (readonly [number, string | undefined])[] = [
  [8, '88189002'],
  [11, '304292004'],
  [12, undefined],
];

/**
 * PR1 → Procedure after the V2-to-FHIR IG segment map PR1 → Procedure: status `unknown` (the IG: the
 * message context decides, and an ADT does not say), PR1-3 code (PR1-4 its text when CWE has none),
 * PR1-5 performedDateTime, or performedPeriod with PR1-7 minutes, PR1-6 category, PR1-8/11/12 performers,
 * PR1-15 reasonCode, PR1-19 identifier; subject the Patient, encounter the message's Encounter.
 * Key: PR1-19, else `derivedKey('Procedure', [patient, PR1-3 system, code, PR1-5])`: one procedure is one
 * code at one time. Without a PR1-3 code it is left out with a warning.
 */
export function mapPr1(pr1: Hl7Segment, segment: AdtSegmentContext): void {
  const { ctx, tx, encounter } = segment;
  const code = requiredCode(pr1, 3, segment, 4);
  if (code === undefined) return;
  const when = ctx.dateTime(pr1.field(5).repetitions[0], 'PR1-5');
  const identifier = eiToIdentifier(pr1.field(19).repetitions[0], ctx);
  const key = identifier ?? derivedKey('Procedure', [...patientParts(segment), code.system, code.code, when ?? '']);
  const category = cweToCodeableConcept(pr1.field(6).repetitions[0]);
  const reason = cweToCodeableConcept(pr1.field(15).repetitions[0]);
  const performer: ProcedurePerformer[] = performerFields.flatMap(([field, snomed]) =>
    pr1.field(field).repetitions.flatMap((xcn) => {
      const actor = practitionerReference(xcn, ctx, tx);
      if (actor === undefined) return [];
      return [
        {
          actor,
          ...(snomed === undefined
            ? {}
            : { function: { coding: [{ system: 'http://snomed.info/sct', code: snomed }] } }),
        },
      ];
    }),
  );
  const procedure: Procedure = {
    resourceType: 'Procedure',
    identifier: [key],
    status: 'unknown',
    ...(category === undefined ? {} : { category }),
    code: code.concept,
    subject: { reference: segment.patient.fullUrl },
    ...(encounter === undefined ? {} : { encounter: { reference: encounter.fullUrl } }),
    ...performed(when, pr1.field(7).value),
    ...nonEmpty('performer', performer),
    ...(reason === undefined ? {} : { reasonCode: [reason] }),
  };
  tx.put(procedure, key);
}

/** PR1-5 alone → performedDateTime; with PR1-7 minutes and a time of day → performedPeriod (IG rows 5/7). */
function performed(when: string | undefined, minutes: string | undefined): Partial<Procedure> {
  if (when === undefined) return {};
  const millis = durationMillis(minutes, undefined);
  const end = millis === undefined ? undefined : addMilliseconds(when, millis);
  return end === undefined ? { performedDateTime: when } : { performedPeriod: { start: when, end } };
}
