import type { Observation } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { segment } from '../test-support/adt-fixture.js';
import type { Hl7Issue } from './hl7-issue.js';
import { mapMessage } from './map-message.js';

const msh = 'MSH|^~\\&|LIS|LAB|NEXUS|NH|20240102030405||ORU^R01^ORU_R01|R1|P|2.5.1';
const pid = segment('PID', { 3: 'MRN1^^^HOSP' });
const obr = segment('OBR', { 1: '1', 3: 'FL1^LAB', 4: 'X^Panel^L', 25: 'F' });

/** The Observation of one OBX with these fields (OBX-11 F unless given), and the warnings. */
function observe(
  fields: Readonly<Record<number, string>>,
  timeZone = 'UTC',
): { obs: Observation; warnings: readonly Hl7Issue[] } {
  const obx = segment('OBX', { 1: '1', 3: '1^Test^L', 11: 'F', ...fields });
  const { bundle, warnings } = mapMessage(parseHl7([msh, pid, obr, obx].join('\r')), { defaultTimeZone: timeZone });
  const obs = bundle.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource as Observation;
  return { obs, warnings };
}
const ucum = 'http://unitsofmeasure.org';

describe('OBX-5 by OBX-2 (V2-to-FHIR IG segment map OBX[Observation], OBX-5 rows)', () => {
  describe('NM → valueQuantity with OBX-6 units (datatype map CWE[Quantity])', () => {
    it('UCUM-coded units: system and code', () => {
      expect(observe({ 2: 'NM', 5: '7.25', 6: 'mmol/L^millimole per liter^UCUM' }).obs.valueQuantity).to.deep.equal({
        value: 7.25,
        unit: 'millimole per liter',
        system: ucum,
        code: 'mmol/L',
      });
    });
    it('units sent without a system that look like UCUM are UCUM; others a unit text only', () => {
      expect(observe({ 2: 'NM', 5: '5', 6: '10*9/L' }).obs.valueQuantity).to.deep.equal({
        value: 5,
        unit: '10*9/L',
        system: ucum,
        code: '10*9/L',
      });
      expect(observe({ 2: 'NM', 5: '5', 6: '10(9)/L' }).obs.valueQuantity).to.deep.equal({ value: 5, unit: '10(9)/L' });
    });
    it('upper-case ISO+ style codes are not taken for UCUM (ML is not megalitre) (units.ts)', () => {
      expect(observe({ 2: 'NM', 5: '0.5', 6: 'ML' }).obs.valueQuantity).to.deep.equal({ value: 0.5, unit: 'ML' });
      expect(observe({ 2: 'NM', 5: '0.5', 6: 'G/L' }).obs.valueQuantity).to.deep.equal({ value: 0.5, unit: 'G/L' });
      expect(observe({ 2: 'NM', 5: '2', 6: '[IU]/L' }).obs.valueQuantity?.system).to.equal(ucum);
    });
    it('units of another named system keep it (ISO+)', () => {
      expect(observe({ 2: 'NM', 5: '0.5', 6: 'ML^^ISO+' }).obs.valueQuantity).to.deep.equal({
        value: 0.5,
        unit: 'ML',
        system: 'urn:nexushealth:hl7v2:codesystem:ISO%2B',
        code: 'ML',
      });
    });
    it('a leading comparator becomes Quantity.comparator; text that is no number stays text, with a warning', () => {
      expect(observe({ 2: 'NM', 5: '<0.1', 6: 'ng/mL' }).obs.valueQuantity?.comparator).to.equal('<');
      const { obs, warnings } = observe({ 2: 'NM', 5: 'see note' });
      expect(obs.valueString).to.equal('see note');
      expect(warnings.map((w) => [w.location, w.code])).to.deep.equal([['OBX-5', '102']]);
      expect(JSON.stringify(warnings)).not.to.contain('see note');
    });
    it('a repeating NM → one component per repetition, each with OBX-3 as code', () => {
      const { obs } = observe({ 2: 'NM', 5: '60~120', 6: '/min' });
      expect(obs.valueQuantity).to.equal(undefined);
      expect(obs.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).to.deep.equal([
        ['1', 60],
        ['1', 120],
      ]);
    });
  });

  describe('SN → valueQuantity / valueRange / valueRatio / valueString (datatype maps SN[…])', () => {
    it('comparator ^ number → valueQuantity with comparator', () => {
      expect(observe({ 2: 'SN', 5: '>^5.5', 6: 'mmol/L' }).obs.valueQuantity).to.deep.equal({
        comparator: '>',
        value: 5.5,
        unit: 'mmol/L',
        system: ucum,
        code: 'mmol/L',
      });
      expect(observe({ 2: 'SN', 5: '^182', 6: 'mg/dl' }).obs.valueQuantity?.value).to.equal(182);
    });
    it('num ^ - ^ num → valueRange', () => {
      expect(observe({ 2: 'SN', 5: '^10^-^20' }).obs.valueRange).to.deep.equal({
        low: { value: 10 },
        high: { value: 20 },
      });
    });
    it('num ^ : ^ num and num ^ / ^ num → valueRatio', () => {
      expect(observe({ 2: 'SN', 5: '^1^:^128' }).obs.valueRatio).to.deep.equal({
        numerator: { value: 1 },
        denominator: { value: 128 },
      });
      expect(observe({ 2: 'SN', 5: '^1^/^2' }).obs.valueRatio?.denominator?.value).to.equal(2);
    });
    it('num ^ + → valueString', () => {
      expect(observe({ 2: 'SN', 5: '^2^+' }).obs.valueString).to.equal('2 +');
    });
    it('<> has no FHIR comparator: text, with a warning', () => {
      const { obs, warnings } = observe({ 2: 'SN', 5: '<>^5' });
      expect(obs.valueString).to.equal('<> 5');
      expect(warnings.map((w) => w.location)).to.deep.equal(['OBX-5']);
    });
  });

  describe('ST, TX, FT → valueString', () => {
    it('escapes decoded; FT \\.br\\ → line break; TX repetitions are lines', () => {
      expect(observe({ 2: 'ST', 5: 'A \\T\\ B' }).obs.valueString).to.equal('A & B');
      expect(observe({ 2: 'FT', 5: 'line 1\\.br\\line 2' }).obs.valueString).to.equal('line 1\nline 2');
      expect(observe({ 2: 'TX', 5: 'first~second' }).obs.valueString).to.equal('first\nsecond');
    });
    it('a stray & in text is kept: text types have no subcomponents (text.ts)', () => {
      expect(observe({ 2: 'TX', 5: 'Salmonella & Shigella' }).obs.valueString).to.equal('Salmonella & Shigella');
    });
  });

  it('CE/CWE → valueCodeableConcept (datatype map CWE[CodeableConcept])', () => {
    expect(
      observe({ 2: 'CWE', 5: '260385009^Negative^SCT^NEG^Negative^L^^^negative result' }).obs.valueCodeableConcept,
    ).to.deep.equal({
      coding: [
        { system: 'http://snomed.info/sct', code: '260385009', display: 'Negative' },
        { system: 'urn:nexushealth:hl7v2:codesystem:L', code: 'NEG', display: 'Negative' },
      ],
      text: 'negative result',
    });
    expect(observe({ 2: 'CE', 5: 'POS^Positive^HL70078' }).obs.valueCodeableConcept?.coding?.[0]?.system).to.equal(
      'http://terminology.hl7.org/CodeSystem/v2-0078',
    );
  });

  it('DT → valueDateTime at date precision; TS/DTM → valueDateTime with offset', () => {
    expect(observe({ 2: 'DT', 5: '20240101' }).obs.valueDateTime).to.equal('2024-01-01');
    expect(observe({ 2: 'TS', 5: '202401020304+0100' }).obs.valueDateTime).to.equal('2024-01-02T03:04:00+01:00');
    expect(observe({ 2: 'DTM', 5: '20240702030405' }, 'Europe/Paris').obs.valueDateTime).to.equal(
      '2024-07-02T03:04:05+02:00',
    );
    const { obs, warnings } = observe({ 2: 'DT', 5: '20241301' });
    expect(obs.valueDateTime).to.equal(undefined);
    expect(warnings.map((w) => w.location)).to.deep.equal(['OBX-5']);
  });

  it('TM → valueTime; NR → valueRange; DR → valuePeriod', () => {
    expect(observe({ 2: 'TM', 5: '0930' }).obs.valueTime).to.equal('09:30:00');
    expect(observe({ 2: 'NR', 5: '1^5', 6: 'mg' }).obs.valueRange?.high).to.deep.equal({
      value: 5,
      unit: 'mg',
      system: ucum,
      code: 'mg',
    });
    expect(observe({ 2: 'DR', 5: '20240101^20240105' }).obs.valuePeriod).to.deep.equal({
      start: '2024-01-01',
      end: '2024-01-05',
    });
  });

  describe('ED and RP → valueAttachment (R5 cross-version extension, datatype map ED[Attachment])', () => {
    const attachment = (obs: Observation): unknown => obs.extension?.[0]?.valueAttachment;
    it('Base64 data and its MIME type', () => {
      const { obs } = observe({ 2: 'ED', 5: 'LAB^AP^PDF^Base64^JVBERi0x' });
      expect(obs.extension?.[0]?.url).to.equal(
        'http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.value',
      );
      expect(attachment(obs)).to.deep.equal({ contentType: 'application/pdf', data: 'JVBERi0x' });
    });
    it('Hex and A (ASCII) encodings are converted to base64', () => {
      expect(attachment(observe({ 2: 'ED', 5: '^TEXT^PLAIN^Hex^4869' }).obs)).to.deep.equal({
        contentType: 'text/plain',
        data: 'SGk=',
      });
      expect(attachment(observe({ 2: 'ED', 5: '^TEXT^PLAIN^A^Hi' }).obs)).to.deep.equal({
        contentType: 'text/plain',
        data: 'SGk=',
      });
    });
    it('no data, or data that is not base64 → a warning, no value', () => {
      for (const value of ['App5^NS^Octet-stream^Base64', '^AP^PDF^Base64^not*base64']) {
        const { obs, warnings } = observe({ 2: 'ED', 5: value });
        expect(obs.extension).to.equal(undefined);
        expect(warnings.map((w) => w.location)).to.deep.equal(['OBX-5']);
      }
    });
    it('RP → an attachment url', () => {
      expect(attachment(observe({ 2: 'RP', 5: 'https://pacs.example/1^^IM^JPEG' }).obs)).to.deep.equal({
        contentType: 'image/jpeg',
        url: 'https://pacs.example/1',
      });
    });
  });

  it('a value type without a mapping → a warning at OBX-2, no value, no crash', () => {
    const { obs, warnings } = observe({ 2: 'FN', 5: '^182' });
    expect(obs.status).to.equal('final');
    expect(Object.keys(obs).filter((k) => k.startsWith('value'))).to.deep.equal([]);
    expect(warnings.map((w) => [w.location, w.code])).to.deep.equal([['OBX-2', '102']]);
  });
});

describe('OBX-11 and OBX-8 (ConceptMaps table-hl70085-to-observation-status, table-hl70078)', () => {
  it('status by table 0085; X → cancelled with dataAbsentReason cannot-be-obtained and no value', () => {
    expect(observe({ 2: 'NM', 5: '1', 11: 'C' }).obs.status).to.equal('corrected');
    expect(observe({ 2: 'NM', 5: '1', 11: 'P' }).obs.status).to.equal('preliminary');
    expect(observe({ 2: 'NM', 5: '1', 11: 'W' }).obs.status).to.equal('entered-in-error');
    const { obs } = observe({ 2: 'NM', 5: '1', 11: 'X' });
    expect(obs.status).to.equal('cancelled');
    expect(obs.valueQuantity).to.equal(undefined);
    expect(obs.dataAbsentReason?.coding?.[0]?.code).to.equal('cannot-be-obtained');
  });
  it('a missing OBX-11 → unknown with a warning', () => {
    const { obs, warnings } = observe({ 2: 'NM', 5: '1', 11: '' });
    expect(obs.status).to.equal('unknown');
    expect(warnings.map((w) => w.location)).to.deep.equal(['OBX-11']);
  });
  it('table 0078 codes → v3-ObservationInterpretation; other systems as sent', () => {
    const { obs } = observe({ 2: 'NM', 5: '1', 8: 'HH~A^Abnormal^HL70078~X1^Odd^99LAB' });
    expect(obs.interpretation?.map((c) => [c.coding?.[0]?.system, c.coding?.[0]?.code])).to.deep.equal([
      ['http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'HH'],
      ['http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'A'],
      ['urn:nexushealth:hl7v2:codesystem:99LAB', 'X1'],
    ]);
  });
});
