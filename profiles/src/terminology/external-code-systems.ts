import { mod10CheckDigit, verhoeffValid } from './check-digits.js';
import { ucumValid } from './ucum-units.js';

/** Tells whether a code is well-formed in a code system whose content is not here. */
export type FormCheck = (code: string) => boolean;

/** An external code system: its name for diagnostics and its form check. */
export interface ExternalCodeSystem {
  readonly name: string;
  readonly wellFormed: FormCheck;
}

export const UCUM = 'http://unitsofmeasure.org';

const pattern =
  (re: RegExp): FormCheck =>
  (code) =>
    re.test(code);

/** LOINC codes `nnnnn-c` with their mod-10 check digit; parts and answers (`LP…`, `LA…`) by shape. */
function loincWellFormed(code: string): boolean {
  const m = /^(L[AGPL])?(\d{1,8})-(\d)$/.exec(code);
  if (!m) return false;
  return m[1] !== undefined || mod10CheckDigit(m[2] ?? '') === Number(m[3]);
}

/**
 * An SCTID (6–18 digits, partition 0n/1n, Verhoeff check digit), or a compositional-grammar
 * expression (http://hl7.org/fhir/R4/snomedct.html#expressions) whose identifiers all are.
 */
function snomedWellFormed(code: string): boolean {
  if (/^\d+$/.test(code)) return sctidValid(code);
  const stripped = code.replace(/\|[^|]*\|/g, ' ');
  const ids = stripped.match(/\d{6,}/g) ?? [];
  return /^[\d\s:=,{}()+.<>!^#"-]+$/.test(stripped) && ids.length > 0 && ids.every(sctidValid);
}

function sctidValid(id: string): boolean {
  return /^[1-9]\d{2,14}[01][0-5]\d$/.test(id) && verhoeffValid(id);
}

/**
 * Large code systems no ValueSet here can list: a code in one of them is checked for form only
 * (shape, check digits), never looked up (there is no terminology server). Systems as named in
 * http://hl7.org/fhir/R4/terminologies-systems.html.
 */
export const EXTERNAL_CODE_SYSTEMS: ReadonlyMap<string, ExternalCodeSystem> = new Map([
  ['http://loinc.org', { name: 'LOINC', wellFormed: loincWellFormed }],
  ['http://snomed.info/sct', { name: 'SNOMED CT', wellFormed: snomedWellFormed }],
  ['http://www.nlm.nih.gov/research/umls/rxnorm', { name: 'RxNorm', wellFormed: pattern(/^[1-9]\d{0,8}$/) }],
  [
    'http://hl7.org/fhir/sid/icd-10',
    { name: 'ICD-10', wellFormed: pattern(/^[A-Z]\d{2}(\.[0-9A-Z]{1,2})?[+*]?$|^[A-Z]\d{2}-[A-Z]\d{2}$/) },
  ],
  [
    'http://hl7.org/fhir/sid/icd-10-cm',
    { name: 'ICD-10-CM', wellFormed: pattern(/^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/) },
  ],
  ['http://www.ama-assn.org/go/cpt', { name: 'CPT', wellFormed: pattern(/^\d{4}[0-9FTU]$/) }],
  [
    'http://hl7.org/fhir/sid/ndc',
    { name: 'NDC', wellFormed: pattern(/^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}|\d{10,11})$/) },
  ],
  ['http://nucc.org/provider-taxonomy', { name: 'NUCC provider taxonomy', wellFormed: pattern(/^\d{3}[0-9A-Z]{6}X$/) }],
  ['http://hl7.org/fhir/sid/cvx', { name: 'CVX', wellFormed: pattern(/^\d{1,3}$/) }],
  ['urn:ietf:bcp:47', { name: 'BCP-47 language tags', wellFormed: pattern(/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/) }],
  // `xml`, `json`, `ttl` stand for the FHIR formats where the spec's mime-type elements allow them
  // (http://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.format).
  [
    'urn:ietf:bcp:13',
    { name: 'BCP-13 media types', wellFormed: pattern(/^([\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;.+)?|xml|json|ttl)$/) },
  ],
  ['urn:iso:std:iso:3166', { name: 'ISO 3166', wellFormed: pattern(/^([A-Z]{2,3}|\d{3}|[A-Z]{2}-[A-Z0-9]{1,3})$/) }],
  ['http://unstats.un.org/unsd/methods/m49/m49.htm', { name: 'UN M49', wellFormed: pattern(/^\d{3}$/) }],
  [UCUM, { name: 'UCUM', wellFormed: ucumValid }],
]);
