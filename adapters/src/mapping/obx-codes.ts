import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import { cweToCodeableConcept } from './cwe.js';

type Status = Observation['status'];

/**
 * HL7 table 0085 (OBX-11) → observation-status, after the V2-to-FHIR IG ConceptMap
 * table-hl70085-to-observation-status (F, C, A, P, D, W, X). The IG leaves the others open; we map
 * them to their nearest R4 status: R (entered, not verified) and S (partial) → preliminary, I
 * (specimen in lab) and O (order detail only) → registered, U and V (made or confirmed final) → final,
 * B (appended) → amended (R4 has no `appended`), N (not asked) → unknown with dataAbsentReason.
 */
export const observationStatus: Readonly<Record<string, Status>> = {
  F: 'final',
  C: 'corrected',
  A: 'amended',
  P: 'preliminary',
  D: 'entered-in-error',
  W: 'entered-in-error',
  X: 'cancelled',
  R: 'preliminary',
  S: 'preliminary',
  I: 'registered',
  O: 'registered',
  U: 'final',
  V: 'final',
  B: 'amended',
  N: 'unknown',
};

const dataAbsent = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

/** OBX-11 X and N say why there is no value (IG OBX[Observation] OBX-11 rows): cannot-be-obtained, not-asked. */
export const absentReasons: Readonly<Record<string, CodeableConcept>> = {
  X: { coding: [{ system: dataAbsent, code: 'cannot-be-obtained', display: 'Cannot Be Obtained' }] },
  N: { coding: [{ system: dataAbsent, code: 'not-asked', display: 'Not Asked' }] },
};

/** Observation.code is 1..1: an OBX-3 with nothing in it becomes data-absent `unknown`. */
export const unknownCode: CodeableConcept = { coding: [{ system: dataAbsent, code: 'unknown', display: 'Unknown' }] };

/**
 * HL7 table 0078 codes that v3-ObservationInterpretation has under the same code (V2-to-FHIR IG
 * ConceptMap table-hl70078-to-observation-interpretation); AC, HM, OBX, QCF and TOX have none.
 */
const interpretationCodes = new Set(
  '< > A AA B CAR D DET E EX EXP H HH HU I IE IND L LL LU MS N NCL ND NEG NR NS POS R RR S SDD SYN-R SYN-S U VS UNE W WR'.split(
    ' ',
  ),
);

/**
 * OBX-8 → interpretation: a table 0078 code (CWE.3 empty or HL70078) → v3-ObservationInterpretation,
 * a code of another system as sent (CWE[CodeableConcept]).
 */
export function interpretation(cwe: Hl7Repetition): CodeableConcept | undefined {
  const code = cwe.component(1);
  const system = cwe.component(3)?.toUpperCase();
  if (code !== undefined && (system === undefined || system === 'HL70078') && interpretationCodes.has(code)) {
    const text = cwe.component(2);
    return {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code }],
      ...(text === undefined ? {} : { text }),
    };
  }
  return cweToCodeableConcept(cwe, 'http://terminology.hl7.org/CodeSystem/v2-0078');
}
