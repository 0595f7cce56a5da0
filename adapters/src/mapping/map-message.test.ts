import type { BundleEntry, Encounter, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { Hl7DataError } from './data-error.js';
import { mapMessage } from './map-message.js';
import { Hl7UnsupportedError } from './unsupported-error.js';

const adt = (
  trigger: string,
  pv1 = 'PV1|1|I|4E^414^B^SGH||||||||||||||||V100^^^SGH|||||||||||||||||||||||||20240102030405',
): string =>
  [
    `MSH|^~\\&|ADT|SGH|NEXUS|NH|20240102030405||ADT^${trigger}^ADT_A01|C1|P|2.5.1`,
    'PID|1||MRN1^^^SGH^MR~999^^^&2.16.840.1.113883.4.1&ISO^SS~^^^X||DOE^JANE^Q^JR^DR^MD^L~SMITH^JANE^^^^^M||198001|F|||1 MAIN ST^APT 2^TOWN^ST^12345^USA^H^^CNTY||^PRN^PH^^1^555^1234567~^NET^Internet^jane@example.org|^WPN^CP^^^^7654321',
    pv1,
  ].join('\r');

let n = 0;
const uuid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('mapMessage (ADT A01/A04/A08)', () => {
  it('makes the Patient a conditional update keyed on the first PID-3 identifier', () => {
    const { bundle } = mapMessage(parseHl7(adt('A01')), { uuid });
    const [p] = bundle.entry ?? [];
    expect(bundle.type).to.equal('transaction');
    expect(p?.request).to.deep.equal({ method: 'PUT', url: 'Patient?identifier=urn:nexushealth:hl7v2:SGH|MRN1' });
    const patient = p?.resource as Patient;
    expect(patient.identifier?.map((i) => [i.system, i.value])).to.deep.equal([
      ['urn:nexushealth:hl7v2:SGH', 'MRN1'],
      ['urn:oid:2.16.840.1.113883.4.1', '999'],
    ]);
    expect(patient.identifier?.[0]?.type?.coding?.[0]?.code).to.equal('MR');
    expect(patient.name).to.deep.equal([
      { use: 'official', family: 'DOE', given: ['JANE', 'Q'], prefix: ['DR'], suffix: ['JR', 'MD'] },
      { use: 'maiden', family: 'SMITH', given: ['JANE'] },
    ]);
    expect(patient.birthDate).to.equal('1980-01');
    expect(patient.gender).to.equal('female');
    expect(patient.address).to.deep.equal([
      {
        use: 'home',
        line: ['1 MAIN ST', 'APT 2'],
        city: 'TOWN',
        state: 'ST',
        postalCode: '12345',
        country: 'USA',
        district: 'CNTY',
      },
    ]);
    expect(patient.telecom).to.deep.equal([
      { system: 'phone', value: '+1 (555) 1234567', use: 'home' },
      { system: 'email', value: 'jane@example.org', use: 'home' },
      { system: 'phone', value: '7654321', use: 'mobile' },
    ]);
  });

  it('uses the configured system for a named authority', () => {
    const { bundle } = mapMessage(parseHl7(adt('A01')), { identifierSystems: { SGH: 'https://sgh.example/mrn' } });
    expect(bundle.entry?.[0]?.request?.url).to.equal('Patient?identifier=https://sgh.example/mrn|MRN1');
  });

  it('makes the Encounter a conditional update referencing the patient fullUrl', () => {
    const { bundle, warnings } = mapMessage(parseHl7(adt('A01')), { uuid, defaultTimeZone: 'Europe/Paris' });
    const [p, e] = bundle.entry ?? [];
    expect(e?.request).to.deep.equal({
      method: 'PUT',
      url: 'Encounter?identifier=urn:nexushealth:hl7v2:SGH|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:SGH|MRN1',
    });
    const encounter = e?.resource as Encounter;
    expect(encounter.subject?.reference)
      .to.equal(p?.fullUrl)
      .and.match(/^urn:uuid:/);
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.class.code).to.equal('IMP');
    expect(encounter.period?.start).to.equal('2024-01-02T03:04:05+01:00');
    expect(encounter.location?.[0]?.location.display).to.equal('4E, 414, B, SGH');
    expect(warnings).to.deep.equal([]);
  });

  it('A04 plans the encounter; A08 only creates it if missing', () => {
    const encounterOf = (trigger: string): BundleEntry | undefined =>
      mapMessage(parseHl7(adt(trigger))).bundle.entry?.find((e) => e.resource?.resourceType === 'Encounter');
    expect((encounterOf('A04')?.resource as Encounter).status).to.equal('planned');
    const a08 = encounterOf('A08');
    expect(a08?.request).to.deep.equal({
      method: 'POST',
      url: 'Encounter',
      ifNoneExist:
        'identifier=urn:nexushealth:hl7v2:SGH|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:SGH|MRN1',
    });
    expect((a08?.resource as Encounter).status).to.equal('unknown');
  });

  it('without PV1-19 leaves the Encounter out and warns', () => {
    const { bundle, warnings } = mapMessage(parseHl7(adt('A01', 'PV1|1|O')));
    expect(bundle.entry).to.have.length(1);
    expect(warnings).to.deep.equal([
      { code: '101', text: 'no visit number: the Encounter was not recorded', location: 'PV1-19', severity: 'W' },
    ]);
  });

  it('warns, without quoting values, about a bad birth date and an unknown sex', () => {
    const text = adt('A01').replace('|198001|F|', '|19801332|Q|');
    const { warnings } = mapMessage(parseHl7(text));
    expect(warnings.map((w) => w.location)).to.deep.equal(['PID-7', 'PID-8']);
    expect(JSON.stringify(warnings)).not.to.contain('19801332');
  });

  it('rejects a PID-3 without identifier (AE) and other message types (AR)', () => {
    expect(() =>
      mapMessage(parseHl7(adt('A01').replace('MRN1^^^SGH^MR~999^^^&2.16.840.1.113883.4.1&ISO^SS~^^^X', ''))),
    ).to.throw(Hl7DataError, 'PID-3');
    expect(() => mapMessage(parseHl7(adt('A47'))))
      .to.throw(Hl7UnsupportedError)
      .with.property('issue')
      .that.includes({ code: '201' });
    expect(() => mapMessage(parseHl7('MSH|^~\\&|A||||||QRY^A19|1|P|2.5'))).to.throw(Hl7UnsupportedError);
  });
});

describe('bundle.html#transaction — a message too large for one transaction', () => {
  it('20,000 AL1 segments are an AE 100 at AL1, not a refused transaction (table 0357)', () => {
    const al1 = Array.from({ length: 20_000 }, (_, i) => `AL1|${i + 1}|DA|A${i}^Allergen ${i}^L`);
    const er7 = [
      'MSH|^~\\&|APP|FAC|N|N|20260101120000||ADT^A08^ADT_A01|BIG|P|2.5.1',
      'EVN|A08|20260101120000',
      'PID|1||MRN1^^^FAC^MR||DOE^JANE',
      ...al1,
    ].join('\r');
    expect(() => mapMessage(parseHl7(er7)))
      .to.throw(Hl7DataError)
      .with.property('issue')
      .that.include({ code: '100', location: 'AL1' });
  });
});

describe('datatypes.html#string — control characters in HL7 text', () => {
  it('a NUL in PID-5 is removed with a W at PID-5, and the name is kept', () => {
    const er7 = [
      'MSH|^~\\&|APP|FAC|N|N|20260101120000||ADT^A08^ADT_A01|NUL1|P|2.5.1',
      'EVN|A08|20260101120000',
      'PID|1||MRN1^^^FAC^MR||DO\u0000E^JANE',
    ].join('\r');
    const result = mapMessage(parseHl7(er7));
    const patient = result.bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
    expect(patient.name?.[0]?.family).to.equal('DOE');
    expect(result.warnings).to.deep.include({
      code: '102',
      text: 'control characters removed',
      location: 'PID-5',
      severity: 'W',
    });
  });
});
