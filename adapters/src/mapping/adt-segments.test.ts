import type {
  AllergyIntolerance,
  Condition,
  Coverage,
  Encounter,
  Organization,
  Procedure,
  RelatedPerson,
} from '@medplum/fhirtypes';
import { expect } from 'chai';
import { adtMessage, basePv1, entriesOf, mapText, only, segment } from '../test-support/adt-fixture.js';
import { applyTwice } from '../test-support/apply-twice.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';

const patientUrl = (text: string): string | undefined => entriesOf(mapText(text), 'Patient')[0]?.fullUrl;

describe('ADT segments (V2-to-FHIR IG segment maps NK1, AL1, DG1, PR1, IN1)', () => {
  it('NK1 → RelatedPerson: name, relationship (0063), phones, patient; keyed on patient + NK1-1 without identifiers', () => {
    const text = adtMessage('A01', basePv1, ['NK1|1|DOE^JOHN|SPO^Spouse|1 MAIN ST^^TOWN|555-1234|555-9999']);
    const result = mapText(text);
    const [entry] = entriesOf(result, 'RelatedPerson');
    const person = entry?.resource as RelatedPerson;
    expect(entry?.request?.url).to.equal(
      'RelatedPerson?identifier=urn:nexushealth:hl7v2:key:RelatedPerson|urn:nexushealth:hl7v2:SGH%5C%7CMRN1%5C%7C1',
    );
    expect(person.patient.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
    expect(person.name).to.deep.equal([{ family: 'DOE', given: ['JOHN'] }]);
    expect(person.relationship).to.deep.equal([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0063', code: 'SPO', display: 'Spouse' }],
        text: 'Spouse',
      },
    ]);
    expect(person.telecom?.map((t) => t.use)).to.deep.equal(['home', 'work']);
    expect(person.address?.[0]?.city).to.equal('TOWN');
    expect(patientUrl(text)).to.match(/^urn:uuid:/);
  });

  it('NK1-33 identifier keys the RelatedPerson when sent', () => {
    const result = mapText(adtMessage('A01', basePv1, [segment('NK1', { 1: '1', 2: 'DOE^JOHN', 33: 'K7^^^SGH' })]));
    expect(entriesOf(result, 'RelatedPerson')[0]?.request?.url).to.equal(
      'RelatedPerson?identifier=urn:nexushealth:hl7v2:SGH|K7',
    );
  });

  it('AL1 → AllergyIntolerance: active, category/type from 0127, AL1-3 code, AL1-4 criticality, AL1-5 reactions, AL1-6 onset', () => {
    const allergy = only<AllergyIntolerance>(
      mapText(adtMessage('A01', basePv1, ['AL1|1|DA|1605^acetaminophen^L|SV|Rash~hair loss|20200101'])),
      'AllergyIntolerance',
    );
    expect(allergy.clinicalStatus?.coding?.[0]?.code).to.equal('active');
    expect(allergy).to.include({ type: 'allergy', criticality: 'high', onsetDateTime: '2020-01-01' });
    expect(allergy.category).to.deep.equal(['medication']);
    expect(allergy.code?.coding?.[0]).to.deep.equal({
      system: 'urn:nexushealth:hl7v2:codesystem:L',
      code: '1605',
      display: 'acetaminophen',
    });
    expect(allergy.reaction).to.deep.equal([{ manifestation: [{ text: 'Rash' }, { text: 'hair loss' }] }]);
  });

  it('DG1 → Condition (encounter-diagnosis) and Encounter.diagnosis with DG1-6 use and DG1-15 rank', () => {
    const result = mapText(
      adtMessage('A01', basePv1, ['DG1|1|I10|I21.9^AMI^I10|Heart attack|20240102|A|||||||||1|D9^DIAG^DAN']),
    );
    const [entry] = entriesOf(result, 'Condition');
    const condition = entry?.resource as Condition;
    expect(condition.category?.[0]?.coding?.[0]?.code).to.equal('encounter-diagnosis');
    expect(condition.code?.coding?.[0]).to.include({ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I21.9' });
    expect(condition.onsetDateTime).to.equal('2024-01-02');
    expect(condition.encounter?.reference).to.equal(entriesOf(result, 'Encounter')[0]?.fullUrl);
    expect(condition.asserter?.display).to.equal('DAN DIAG');
    expect(only<Encounter>(result, 'Encounter').diagnosis).to.deep.equal([
      {
        condition: { reference: entry?.fullUrl },
        use: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
              code: 'AD',
              display: 'Admission diagnosis',
            },
          ],
        },
        rank: 1,
      },
    ]);
  });

  it('a second DG1 under the same key with other content keeps the first and warns (bundle.html#trules)', () => {
    const result = mapText(
      adtMessage('A01', basePv1, ['DG1|1|I10|I21.9^AMI^I10||20240102|A', 'DG1|2|I10|I21.9^AMI^I10||20240105|W']),
    );
    expect(entriesOf(result, 'Condition')).to.have.length(1);
    expect(only<Condition>(result, 'Condition').onsetDateTime).to.equal('2024-01-02');
    expect(result.warnings.map((w) => w.location)).to.include('Condition');
  });

  it('IN1-36 policy number is also a Coverage identifier assigned by the insurer (coverage.html#Coverage.identifier)', () => {
    const result = mapText(
      adtMessage('A01', basePv1, [segment('IN1', { 1: '1', 3: 'INS1^^^SGH', 4: 'ACME', 36: 'POL-9' })]),
    );
    const [org] = entriesOf(result, 'Organization');
    expect(only<Coverage>(result, 'Coverage').identifier?.[1]).to.deep.equal({
      value: 'POL-9',
      assigner: { reference: org?.fullUrl, display: 'ACME' },
    });
  });

  it('PR1 → Procedure: status unknown (IG), code, performedPeriod from PR1-5 + PR1-7 minutes, surgeon function', () => {
    const procedure = only<Procedure>(
      mapText(adtMessage('A01', basePv1, ['PR1|1||76164006^Biopsy^SCT||202401020300|D|45||||S1^CUT^SAM'])),
      'Procedure',
    );
    expect(procedure.status).to.equal('unknown');
    expect(procedure.code?.coding?.[0]).to.include({ system: 'http://snomed.info/sct', code: '76164006' });
    expect(procedure.performedPeriod).to.deep.equal({
      start: '2024-01-02T03:00:00+00:00',
      end: '2024-01-02T03:45:00+00:00',
    });
    expect(procedure.performer?.[0]?.function?.coding?.[0]?.code).to.equal('304292004');
  });

  it('IN1 → Coverage: payor Organization by IN1-3 (conditional create), beneficiary, self subscriber, period, group', () => {
    const result = mapText(
      adtMessage('A01', basePv1, [
        segment('IN1', {
          ...{
            1: '1',
            2: 'PLAN1^Gold',
            3: 'INS1^^^SGH',
            4: 'ACME HEALTH',
            5: '1 PAY ST^^CITY',
            8: 'G7',
            9: 'Group Seven',
          },
          ...{ 12: '20240101', 13: '20241231', 16: 'DOE^JANE', 17: 'SEL', 49: 'M55' },
        }),
      ]),
    );
    const [org] = entriesOf(result, 'Organization');
    expect(org?.request).to.deep.equal({
      method: 'POST',
      url: 'Organization',
      ifNoneExist: 'identifier=urn:nexushealth:hl7v2:SGH|INS1',
    });
    expect((org?.resource as Organization).name).to.equal('ACME HEALTH');
    const coverage = only<Coverage>(result, 'Coverage');
    const patient = entriesOf(result, 'Patient')[0]?.fullUrl;
    expect(coverage).to.include({ status: 'active', subscriberId: 'M55' });
    expect(coverage.beneficiary.reference).to.equal(patient);
    expect(coverage.subscriber?.reference).to.equal(patient);
    expect(coverage.payor).to.deep.equal([{ reference: org?.fullUrl, display: 'ACME HEALTH' }]);
    expect(coverage.period).to.deep.equal({ start: '2024-01-01', end: '2024-12-31' });
    expect(coverage.relationship?.coding?.[0]?.code).to.equal('self');
    expect(coverage.class?.map((c) => [c.type.coding?.[0]?.code, c.value])).to.deep.equal([
      ['plan', 'PLAN1'],
      ['group', 'G7'],
    ]);
  });

  it('segments applied twice leave one resource each (every key deterministic)', async () => {
    const text = adtMessage('A01', basePv1, [
      'NK1|1|DOE^JOHN|SPO',
      'AL1|1|DA|1605^acetaminophen^L',
      'DG1|1|I10|I21.9^AMI^I10',
      'PR1|1||76164006^Biopsy^SCT||20240102',
      'IN1|1|PLAN1|INS1^^^SGH|ACME',
      'IN1|2|PLAN2|INS1^^^SGH|ACME',
    ]);
    const server = new MemoryFhirSink();
    await applyTwice(server, mapText(text).bundle);
    expect(server.all('Organization')).to.have.length(1);
    expect(server.all('Coverage')).to.have.length(2);
  });
});
