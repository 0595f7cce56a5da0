import type { ChargeItem } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { entriesOf, segment } from '../test-support/adt-fixture.js';
import { corpusMessages } from '../test-support/corpus.js';
import { clinicPid as pid, clinicPv1 as pv1, mapInParis } from '../test-support/message-fixture.js';
import { Hl7DataError } from './data-error.js';
import { mapMessage } from './map-message.js';
import type { MappingResult } from './mapping-result.js';

const ft1 = (extra: Record<number, string> = {}): string =>
  segment('FT1', {
    1: '1',
    2: 'T100',
    4: '20240301101500',
    5: '20240302',
    6: 'CG',
    7: '71045^Chest X-ray 1 view^C4',
    10: '2',
    11: '100.50&USD',
    19: 'R07.9^Chest pain^I10',
    20: 'D1^RAY^ROSE',
    24: 'C1^CLERK^CAL',
    29: '0182-1061-05^ASPIRIN EC^NDC',
    ...extra,
  });

const dft = (segments: readonly string[], control = 'MSG1'): MappingResult =>
  mapInParis('DFT^P03^DFT_P03', ['EVN|P03|20240301080000', ...segments], control);
const charges = (result: MappingResult): ChargeItem[] =>
  entriesOf(result, 'ChargeItem').map((e) => e.resource as ChargeItem);

describe('DFT^P03 → ChargeItem per FT1 (R4 chargeitem-mappings.html FT1; the V2-to-FHIR IG maps no DFT)', () => {
  it('keys each ChargeItem on FT1-2 (identifier ← FT1.2) as a conditional update', () => {
    const result = dft([pid, pv1, ft1()]);
    const [entry] = entriesOf(result, 'ChargeItem');
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'ChargeItem?identifier=urn:nexushealth:hl7v2:CLINIC|T100',
    });
    expect(result.stateElements).to.equal(undefined); // applied late: create-only
  });

  it('maps FT1-4, -5, -7, -10, -11, -19, -20, -24 and -29, the PID subject and the PV1-19 context', () => {
    const result = dft([pid, pv1, ft1(), segment('NTE', { 1: '1', 3: 'Portable unit' })]);
    const [charge] = charges(result);
    const practitioner = (id: string): string | undefined =>
      entriesOf(result, 'Practitioner').find((e) => JSON.stringify(e.resource).includes(`"${id}"`))?.fullUrl;
    expect(charge).to.deep.include({
      status: 'billable',
      code: {
        coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '71045', display: 'Chest X-ray 1 view' }],
        text: 'Chest X-ray 1 view',
      },
      subject: { reference: entriesOf(result, 'Patient')[0]?.fullUrl },
      context: { reference: entriesOf(result, 'Encounter')[0]?.fullUrl },
      occurrenceDateTime: '2024-03-01T10:15:00+01:00',
      enteredDate: '2024-03-02',
      quantity: { value: 2 },
      priceOverride: { value: 100.5, currency: 'USD' },
      performer: [{ actor: { reference: practitioner('D1'), display: 'ROSE RAY' } }],
      enterer: { reference: practitioner('C1'), display: 'CAL CLERK' },
      note: [{ text: 'Portable unit' }],
    });
    expect(charge?.reason?.[0]?.coding?.[0]).to.deep.equal({
      system: 'http://hl7.org/fhir/sid/icd-10',
      code: 'R07.9',
      display: 'Chest pain',
    });
    expect(charge?.productCodeableConcept?.coding?.[0]?.system).to.equal('http://hl7.org/fhir/sid/ndc');
  });

  it('records a credit (FT1-6 CD) as a charge of negative quantity and amount; payments and adjustments are not charges', () => {
    const result = dft([
      pid,
      ft1({ 6: 'CD' }),
      ft1({ 1: '2', 2: 'T101', 6: 'PY' }),
      ft1({ 1: '3', 2: 'T102', 6: 'AJ' }),
    ]);
    const [credit, ...others] = charges(result);
    expect(others).to.deep.equal([]);
    expect([credit?.quantity?.value, credit?.priceOverride?.value]).to.deep.equal([-2, -100.5]);
    expect(result.warnings.map((w) => w.location)).to.deep.equal(['FT1[2]-6', 'FT1[3]-6']);
  });

  it('reads a transaction date range (FT1-4 DR) as occurrencePeriod', () => {
    const [charge] = charges(dft([pid, ft1({ 4: '20240301^20240303' })]));
    expect(charge?.occurrencePeriod).to.deep.equal({ start: '2024-03-01', end: '2024-03-03' });
  });

  it('without FT1-2 keys the charge on MSH-10 and FT1-1, so a redelivery finds it again', () => {
    const key = (control: string): string | undefined =>
      entriesOf(dft([pid, ft1({ 2: '' })], control), 'ChargeItem')[0]?.request?.url;
    expect(key('MSG7'))
      .to.equal('ChargeItem?identifier=urn:nexushealth:hl7v2:ft1:CLINIC|MSG7-1')
      .and.equal(key('MSG7'));
  });

  it('falls back on FT1-25 for the code, leaves out a charge without any code and a non-ISO currency, with warnings', () => {
    const result = dft([
      pid,
      ft1({ 7: '', 25: '99213^Office visit^CPT', 11: '5&dollars' }),
      ft1({ 1: '2', 2: 'T2', 7: '' }),
    ]);
    const [charge, ...rest] = charges(result);
    expect(rest).to.deep.equal([]);
    expect(charge?.code.coding?.[0]?.code).to.equal('99213');
    expect(charge?.priceOverride).to.deep.equal({ value: 5 });
    expect(result.warnings.map((w) => w.location)).to.deep.equal(['FT1[1]-11', 'FT1[2]-7']);
  });

  it('maps the DG1, PR1 and IN1 of the message as ADT does (IG segment maps DG1[Condition], PR1[Procedure], IN1[Coverage])', () => {
    const dg1 = segment('DG1', { 1: '1', 3: 'R07.9^Chest pain^I10', 6: 'F' });
    const pr1 = segment('PR1', { 1: '1', 3: '71045^Chest X-ray^C4', 5: '20240301' });
    const in1 = segment('IN1', { 1: '1', 2: 'PLAN1^Plan^L', 3: 'INS1^^^CLINIC', 4: 'Insurer Inc' });
    const result = dft([pid, pv1, ft1(), dg1, pr1, in1]);
    const patient = entriesOf(result, 'Patient')[0]?.fullUrl;
    const subjects = (['Condition', 'Procedure'] as const).map(
      (type) => (entriesOf(result, type)[0]?.resource as { subject?: { reference?: string } }).subject?.reference,
    );
    expect(subjects).to.deep.equal([patient, patient]);
    expect(entriesOf(result, 'Coverage')).to.have.length(1);
  });

  it('answers AE without PID or FT1', () => {
    expect(() => dft([ft1()])).to.throw(Hl7DataError, 'PID');
    expect(() => dft([pid])).to.throw(Hl7DataError, 'FT1');
  });
});

describe('HL7 v2 corpus: DFT mapping', () => {
  for (const { name, messages } of corpusMessages('DFT')) {
    it(`maps ${name} field by field`, () => {
      for (const m of messages) {
        const result = mapMessage(m);
        const items = charges(result);
        expect(items.map((c) => c.code.coding?.[0]?.code)).to.deep.equal(m.all('FT1').map((s) => s.field(7).value));
        expect(items.map((c) => c.quantity?.value)).to.deep.equal(m.all('FT1').map((s) => Number(s.field(10).value)));
        const patient = entriesOf(result, 'Patient')[0]?.fullUrl;
        expect(items.every((c) => c.subject.reference === patient && c.status === 'billable')).to.equal(true);
      }
    });
  }
});
