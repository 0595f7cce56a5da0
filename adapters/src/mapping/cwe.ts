import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import { hl7Code } from './hl7-code.js';

/**
 * HL7 table 0396 coding system names → FHIR system URIs (V2-to-FHIR IG ConceptMap
 * table-hl70396-to-FHIR-URI; https://terminology.hl7.org/external_terminologies.html). `HL7nnnn` and
 * `99zzz` (local) are handled in {@link codingSystem}.
 */
const systems: Readonly<Record<string, string>> = {
  LN: 'http://loinc.org',
  LOINC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
  SNOMED: 'http://snomed.info/sct',
  I10: 'http://hl7.org/fhir/sid/icd-10',
  'I10-CM': 'http://hl7.org/fhir/sid/icd-10-cm',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  I9: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9CP: 'http://hl7.org/fhir/sid/icd-9-cm',
  I10P: 'http://www.cms.gov/Medicare/Coding/ICD10',
  CPT: 'http://www.ama-assn.org/go/cpt',
  C4: 'http://www.ama-assn.org/go/cpt',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  MVX: 'http://hl7.org/fhir/sid/mvx',
  NCIT: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl',
  NDC: 'http://hl7.org/fhir/sid/ndc',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  RXN: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  UCUM: 'http://unitsofmeasure.org',
  NUCC: 'http://nucc.org/provider-taxonomy',
  CDCREC: 'urn:oid:2.16.840.1.113883.6.238',
  HCPCS: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  NPI: 'http://hl7.org/fhir/sid/us-npi',
  ISO3166: 'urn:iso:std:iso:3166',
  ISO639: 'urn:ietf:bcp:47',
};

/**
 * A coding system name (CWE.3 / CWE.6) as a URI: the table above, `HL7nnnn` → the v2 CodeSystem
 * `http://terminology.hl7.org/CodeSystem/v2-nnnn`, anything else (local `99zzz` or unknown names) →
 * `urn:nexushealth:hl7v2:codesystem:<name>`, so a local code never poses as a standard one.
 */
export function codingSystem(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const known = systems[name.toUpperCase()];
  if (known !== undefined) return known;
  const table = /^HL7(\d{4})$/i.exec(name);
  if (table) return `http://terminology.hl7.org/CodeSystem/v2-${table[1]}`;
  return `urn:nexushealth:hl7v2:codesystem:${encodeURIComponent(name)}`;
}

/** One triplet of a CWE/CE (identifier, text, system name) starting at component `first`. */
function coding(cwe: Hl7Repetition, first: number, defaultSystem?: string): Coding | undefined {
  const code = hl7Code(cwe.component(first));
  const display = cwe.component(first + 1);
  if (code === undefined) return undefined;
  const system = codingSystem(hl7Code(cwe.component(first + 2))) ?? defaultSystem;
  return {
    ...(system === undefined ? {} : { system }),
    code,
    ...(display === undefined ? {} : { display }),
  };
}

/**
 * CWE / CE / CNE → CodeableConcept (V2-to-FHIR IG datatype map CWE → CodeableConcept): the primary
 * triplet CWE.1-3 and the alternate CWE.4-6 as codings, CWE.9 original text (else CWE.2) as `text`.
 * `defaultSystem` is the system of a code sent without CWE.3 when the field is bound to an HL7 table
 * (e.g. `http://terminology.hl7.org/CodeSystem/v2-0127` for AL1-2). Undefined when nothing is there.
 */
export function cweToCodeableConcept(
  cwe: Hl7Repetition | undefined,
  defaultSystem?: string,
): CodeableConcept | undefined {
  if (cwe === undefined) return undefined;
  const codings = [coding(cwe, 1, defaultSystem), coding(cwe, 4)].filter((c): c is Coding => c !== undefined);
  const text = cwe.component(9) ?? cwe.component(2) ?? cwe.component(5);
  if (codings.length === 0 && text === undefined) return undefined;
  return { ...(codings.length === 0 ? {} : { coding: codings }), ...(text === undefined ? {} : { text }) };
}

/** A CWE bound to HL7 table `nnnn` (e.g. `0112`): a code sent without CWE.3 is read in that table's CodeSystem. */
export function cweInTable(cwe: Hl7Repetition | undefined, table: string): CodeableConcept | undefined {
  return cweToCodeableConcept(cwe, `http://terminology.hl7.org/CodeSystem/v2-${table}`);
}
