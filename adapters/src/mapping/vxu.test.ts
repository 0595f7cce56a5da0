import type { Immunization, Observation, Organization } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { entriesOf, mapText, only, segment } from '../test-support/adt-fixture.js';
import { Hl7DataError } from './data-error.js';

const pid = segment('PID', { 1: '1', 3: 'MRN1^^^HOSP^MR', 5: 'DOE^JANE', 7: '20230101', 8: 'F' });
const orc = segment('ORC', { 1: 'RE', 2: 'P77^EHR', 3: 'IZ-1^REG', 9: '20240301103000', 12: 'D9^ORDER^OLIVE' });
const rxa = (fields: Readonly<Record<number, string>> = {}): string =>
  segment('RXA', {
    1: '0',
    2: '1',
    3: '20240301101500',
    5: '08^Hep B, adolescent or pediatric^CVX',
    6: '0.5',
    7: 'mL^milliliter^UCUM',
    10: 'N1^NURSE^NANCY',
    15: 'LOT42',
    16: '20251231',
    17: 'MSD^Merck^MVX',
    20: 'CP',
    21: 'A',
    ...fields,
  });
const rxr = segment('RXR', { 1: 'IM^Intramuscular^HL70162', 2: 'LT^Left thigh^HL70163' });
const funding = segment('OBX', {
  1: '1',
  2: 'CE',
  3: '30963-3^Vaccine funding source^LN',
  4: '1',
  5: 'VXC50^Public^CDCPHINVS',
  11: 'F',
});
const message = (...segments: string[]): string =>
  ['MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240301110000||VXU^V04^VXU_V04|V1|P|2.5.1', pid, ...segments].join('\r');

describe('VXU^V04 → Immunization (V2-to-FHIR IG message map VXU_V04, segment maps ORC/RXA/RXR[Immunization])', () => {
  const result = mapText(message(orc, rxa(), rxr, funding));

  it('a conditional update keyed on the filler order number ORC-3, with the placer number too', () => {
    const [entry] = entriesOf(result, 'Immunization');
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'Immunization?identifier=urn:nexushealth:hl7v2:REG|IZ-1',
    });
    expect(
      (entry?.resource as Immunization).identifier?.map((i) => [i.value, i.type?.coding?.[0]?.code]),
    ).to.deep.equal([
      ['P77', 'PLAC'],
      ['IZ-1', 'FILL'],
    ]);
  });

  it('RXA fields: vaccineCode, occurrence, dose, lot, expiration, status, recorded, patient', () => {
    const immunization = only<Immunization>(result, 'Immunization');
    expect(immunization.vaccineCode.coding?.[0]).to.deep.equal({
      system: 'http://hl7.org/fhir/sid/cvx',
      code: '08',
      display: 'Hep B, adolescent or pediatric',
    });
    expect(immunization.occurrenceDateTime).to.equal('2024-03-01T10:15:00+00:00');
    expect(immunization.doseQuantity).to.deep.equal({
      value: 0.5,
      unit: 'milliliter',
      system: 'http://unitsofmeasure.org',
      code: 'mL',
    });
    expect(immunization.lotNumber).to.equal('LOT42');
    expect(immunization.expirationDate).to.equal('2025-12-31');
    expect(immunization.status, 'RXA-20 CP (ConceptMap CompletionStatus)').to.equal('completed');
    expect(immunization.recorded, 'ORC-9 (RXA-22 empty)').to.equal('2024-03-01T10:30:00+00:00');
    expect(immunization.patient.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
  });

  it('RXA-17 → manufacturer, an Organization by conditional create on its MVX code', () => {
    const [entry] = entriesOf(result, 'Organization');
    expect(entry?.request?.ifNoneExist).to.equal('identifier=http://hl7.org/fhir/sid/mvx|MSD');
    expect((entry?.resource as Organization).name).to.equal('Merck');
    expect(only<Immunization>(result, 'Immunization').manufacturer).to.deep.equal({
      reference: entry?.fullUrl,
      display: 'Merck',
    });
  });

  it('RXA-10 administering (AP) and ORC-12 ordering (OP) performers; RXR route and site', () => {
    const immunization = only<Immunization>(result, 'Immunization');
    expect(immunization.performer?.map((p) => [p.function?.coding?.[0]?.code, p.actor.display])).to.deep.equal([
      ['AP', 'NANCY NURSE'],
      ['OP', 'OLIVE ORDER'],
    ]);
    expect(immunization.route?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0162',
      code: 'IM',
      display: 'Intramuscular',
    });
    expect(immunization.site?.coding?.[0]?.code).to.equal('LT');
  });

  it('OBX after RXA → Observation partOf the Immunization (VXU_V04 ORDER.OBSERVATION)', () => {
    const observation = only<Observation>(result, 'Observation');
    expect(observation.partOf?.[0]?.reference).to.equal(entriesOf(result, 'Immunization')[0]?.fullUrl);
    expect(observation.identifier?.[0]?.value).to.equal('urn:nexushealth:hl7v2:REG|IZ-1|OBX-1/1');
    expect(observation.valueCodeableConcept?.coding?.[0]?.code).to.equal('VXC50');
  });

  it('RXA-20 RE/NA → not-done with RXA-18 reason; RXA-21 D → entered-in-error; 999 is no dose', () => {
    const refused = only<Immunization>(
      mapText(message(orc, rxa({ 6: '999', 18: '00^Parental decision^NIP002', 20: 'RE' }))),
      'Immunization',
    );
    expect(refused.status).to.equal('not-done');
    expect(refused.statusReason?.coding?.[0]?.code).to.equal('00');
    expect(refused.doseQuantity).to.equal(undefined);
    expect(only<Immunization>(mapText(message(orc, rxa({ 20: 'NA' }))), 'Immunization').status).to.equal('not-done');
    expect(only<Immunization>(mapText(message(orc, rxa({ 21: 'D' }))), 'Immunization').status).to.equal(
      'entered-in-error',
    );
    expect(only<Immunization>(mapText(message(orc, rxa({ 20: '' }))), 'Immunization').status).to.equal('completed');
  });

  it('RXA-20 PA → completed and isSubpotent (immunization.html#Immunization.isSubpotent)', () => {
    const partial = only<Immunization>(mapText(message(orc, rxa({ 20: 'PA' }))), 'Immunization');
    expect(partial).to.include({ status: 'completed', isSubpotent: true });
    expect(only<Immunization>(mapText(message(orc, rxa())), 'Immunization').isSubpotent).to.equal(undefined);
  });

  it('RXA-9 NIP001 → primarySource, and reportOrigin for a historical record (immunization.html#Immunization.primarySource)', () => {
    const fresh = only<Immunization>(mapText(message(orc, rxa({ 9: '00^New record^NIP001' }))), 'Immunization');
    expect(fresh.primarySource).to.equal(true);
    expect(fresh.reportOrigin).to.equal(undefined);
    const historical = only<Immunization>(
      mapText(message(orc, rxa({ 9: '01^Historical, source unspecified^NIP001' }))),
      'Immunization',
    );
    expect(historical.primarySource).to.equal(false);
    expect(historical.reportOrigin?.coding?.[0]?.code).to.equal('01');
    expect(only<Immunization>(mapText(message(orc, rxa({ 9: 'a free note' }))), 'Immunization')).not.to.have.property(
      'primarySource',
    );
  });

  it('without ORC numbers (v2.3.1 style): keyed on patient, vaccine and time, with a warning', () => {
    const { bundle, warnings } = mapText(message(rxa(), rxr));
    const immunization = bundle.entry?.find((e) => e.resource?.resourceType === 'Immunization');
    expect((immunization?.resource as Immunization).identifier).to.deep.equal([
      { system: 'urn:nexushealth:hl7v2:key:immunization', value: 'urn:nexushealth:hl7v2:HOSP|MRN1|08|20240301101500' },
    ]);
    expect(warnings.map((w) => w.location)).to.deep.equal(['ORC-3']);
  });

  it('RXA-3 is required: none is an AE', () => {
    expect(() => mapText(message(orc, rxa({ 3: '' })))).to.throw(Hl7DataError, 'RXA-3');
  });
});
