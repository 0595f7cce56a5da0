import { expect } from 'chai';
import { EXTERNAL_CODE_SYSTEMS, UCUM } from './external-code-systems.js';
import { ucumSyntaxValid } from './ucum-syntax.js';

function wellFormed(system: string, code: string): boolean | undefined {
  return EXTERNAL_CODE_SYSTEMS.get(system)?.wellFormed(code);
}

describe('terminologies-systems.html — form checks of external code systems', () => {
  it('LOINC: nnnnn-c with the mod-10 check digit; LA/LP codes by shape (loinc.html)', () => {
    for (const code of ['8480-6', '29463-7', '718-7', '2345-7', 'LA6576-8', 'LP14082-9']) {
      expect(wellFormed('http://loinc.org', code), code).to.equal(true);
    }
    for (const code of ['8480-7', '8480', '8480-66', 'x8480-6', '']) {
      expect(wellFormed('http://loinc.org', code), code).to.equal(false);
    }
  });

  it('SNOMED CT: SCTID partition and Verhoeff check digit; expressions of valid ids (snomedct.html)', () => {
    for (const code of ['404684003', '38341003', '840539006', '195967001', '128045006:{363698007=56459004}']) {
      expect(wellFormed('http://snomed.info/sct', code), code).to.equal(true);
    }
    for (const code of ['404684004', '38341093', '12345', '0404684003', 'flu', '128045006:{363698007=56459005}']) {
      expect(wellFormed('http://snomed.info/sct', code), code).to.equal(false);
    }
  });

  it('RxNorm, ICD-10, ICD-10-CM, CPT, NDC, NUCC, CVX by shape', () => {
    const cases: [string, string[], string[]][] = [
      ['http://www.nlm.nih.gov/research/umls/rxnorm', ['197361', '1049502'], ['0197361', 'RX1']],
      ['http://hl7.org/fhir/sid/icd-10', ['J45', 'J45.9', 'A00-A09'], ['j45', 'J4']],
      ['http://hl7.org/fhir/sid/icd-10-cm', ['E11.9', 'S72.001A', 'Z00'], ['E11.99999', '11.9']],
      ['http://www.ama-assn.org/go/cpt', ['99213', '0001U', '3078F'], ['9921', '99213X']],
      ['http://hl7.org/fhir/sid/ndc', ['0069-3150-83', '00093-7146-56', '50090-1234-1', '00002322730'], ['123-45']],
      ['http://nucc.org/provider-taxonomy', ['207Q00000X', '363LF0000X'], ['207Q00000', '207q00000X']],
      ['http://hl7.org/fhir/sid/cvx', ['08', '208'], ['2080', 'A1']],
    ];
    for (const [system, good, bad] of cases) {
      for (const code of good) expect(wellFormed(system, code), `${system} ${code}`).to.equal(true);
      for (const code of bad) expect(wellFormed(system, code), `${system} ${code}`).to.equal(false);
    }
  });

  it('UCUM syntax (ucum.org#section-Syntax-Rules): units, exponents, factors, brackets, annotations', () => {
    for (const code of [
      'mg',
      'mg/dL',
      'kg/m2',
      '10*3/uL',
      'mm[Hg]',
      '[degF]',
      '{beats}/min',
      '/min',
      'm.s-2',
      '1',
      '%',
      '(m/s)/s',
      "'",
    ]) {
      expect(ucumSyntaxValid(code), code).to.equal(true);
      expect(wellFormed(UCUM, code), code).to.equal(true);
    }
    for (const code of ['', 'mg dL', 'mg/', 'mm[Hg', '{beats', '(m/s', 'm..s', '2-', 'kg/{a b}']) {
      expect(ucumSyntaxValid(code), code).to.equal(false);
      expect(wellFormed(UCUM, code), code).to.equal(false);
    }
  });

  it('UCUM units (ucum.org#section-Tables): symbols must be UCUM units, by @lhncbc/ucum-lhc', () => {
    for (const code of ['L/min', 'ug/mL', 'mmol/L', 'Cel', '[lb_av]', 'kg.m-2']) {
      expect(wellFormed(UCUM, code), code).to.equal(true);
    }
    // Well-formed, yet no UCUM units.
    for (const code of ['mgg', 'beats/min', 'liters/min', '[foo]']) {
      expect(ucumSyntaxValid(code), code).to.equal(true);
      expect(wellFormed(UCUM, code), code).to.equal(false);
    }
  });
});
