import type { Condition } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { patientParts, requiredCode, type AdtSegmentContext } from './adt-segment-context.js';
import { derivedKey } from './derived-keys.js';
import { cweInTable } from './cwe.js';
import { eiToIdentifier } from './ei.js';
import { practitionerReference } from './practitioner-reference.js';
import { hl7Code } from './hl7-code.js';

/** DG1-6 diagnosis type (table 0052) A admitting → diagnosis-role AD; others keep their v2 code. */
const admitting = {
  system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
  code: 'AD',
  display: 'Admission diagnosis',
};

/**
 * DG1 → Condition after the V2-to-FHIR IG segment maps DG1 → Condition and DG1 → Encounter: category
 * encounter-diagnosis, DG1-3 code (DG1-4 its text when CWE has none), DG1-5 onset, DG1-16 asserter,
 * DG1-19 recordedDate, DG1-20 identifier, DG1-21 `D` (delete) → verificationStatus entered-in-error;
 * the message's Encounter gets `diagnosis` (DG1-6 use, DG1-15 rank) and is the Condition's encounter.
 * Key: DG1-20, else `derivedKey('Condition', [patient, visit, DG1-3 system, code])`: a diagnosis is one
 * code within one encounter. Without a DG1-3 code it is left out with a warning.
 */
export function mapDg1(dg1: Hl7Segment, segment: AdtSegmentContext): void {
  const { ctx, tx, encounter } = segment;
  const code = requiredCode(dg1, 3, segment, 4);
  if (code === undefined) return;
  const identifier = eiToIdentifier(dg1.field(20).repetitions[0], ctx);
  const visit = encounter?.resource.identifier?.[0]?.value ?? '';
  const key = identifier ?? derivedKey('Condition', [...patientParts(segment), visit, code.system, code.code]);
  const onset = ctx.dateTime(dg1.field(5).repetitions[0], 'DG1-5');
  const recorded = ctx.dateTime(dg1.field(19).repetitions[0], 'DG1-19');
  const asserter = practitionerReference(dg1.field(16).repetitions[0], ctx, tx);
  const condition: Condition = {
    resourceType: 'Condition',
    identifier: [key],
    ...(dg1.field(21).value === 'D'
      ? {
          verificationStatus: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' },
            ],
          },
        }
      : {}),
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }],
      },
    ],
    code: code.concept,
    subject: { reference: segment.patient.fullUrl },
    ...(encounter === undefined ? {} : { encounter: { reference: encounter.fullUrl } }),
    ...(onset === undefined ? {} : { onsetDateTime: onset }),
    ...(recorded === undefined ? {} : { recordedDate: recorded }),
    ...(asserter === undefined ? {} : { asserter }),
  };
  const fullUrl = tx.put(condition, key);
  if (encounter === undefined) return;
  const type = hl7Code(dg1.field(6).value);
  const use = type === 'A' ? { coding: [admitting] } : cweInTable(dg1.field(6).repetitions[0], '0052');
  const rank = Number(dg1.field(15).value);
  encounter.resource.diagnosis = [
    ...(encounter.resource.diagnosis ?? []),
    {
      condition: { reference: fullUrl },
      ...(use === undefined ? {} : { use }),
      ...(Number.isInteger(rank) && rank > 0 ? { rank } : {}),
    },
  ];
}
