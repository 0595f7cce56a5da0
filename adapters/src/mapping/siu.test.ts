import type { Appointment, BundleEntry, Practitioner } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { corpusMessages } from '../test-support/corpus.js';
import { segment } from '../test-support/adt-fixture.js';
import { clinicPid as pid, clinicPv1 as pv1, mapInParis } from '../test-support/message-fixture.js';
import { Hl7DataError } from './data-error.js';
import { mapMessage } from './map-message.js';

const sch = (extra: Record<number, string> = {}): string =>
  segment('SCH', {
    1: 'P100^PLACER',
    2: 'F200^FILLER',
    6: 'PATREQ^Patient request^LOCAL',
    7: 'CHECKUP^Check up^HL70276',
    8: 'Normal',
    9: '30',
    10: 'min',
    11: '^^^20240305090000^20240305093000',
    25: 'Booked',
    ...extra,
  });
const ais = segment('AIS', { 1: '1', 3: '99213^Office visit^CPT', 4: '20240305090000', 7: '30', 8: 'min' });
const aig = segment('AIG', {
  1: '1',
  3: 'EKG1^ECG machine',
  4: 'EQ^Equipment^L',
  8: '20240305091000',
  11: '10',
  14: 'Booked',
});
const ail = segment('AIL', { 1: '1', 3: 'CLIN^101^^CLINIC', 6: '20240305090000', 9: '30', 12: 'Booked' });
const aip = (id = 'D1', status = 'Booked', action = ''): string =>
  segment('AIP', {
    1: '1',
    2: action,
    3: `${id}^SMITH^ANNA^^^DR`,
    4: 'ATND^attender^LOCAL',
    6: '20240305090000',
    9: '30',
    12: status,
  });
const nte = segment('NTE', { 1: '1', 3: 'Bring previous results' });

const siu = (trigger: string, segments: readonly string[]): ReturnType<typeof mapMessage> =>
  mapInParis(`SIU^${trigger}^SIU_S12`, segments);
const full = (): readonly string[] => [sch(), nte, pid, pv1, 'RGS|1', ais, aig, ail, aip()];

function appointmentEntry(entries: BundleEntry[] | undefined): BundleEntry {
  const entry = entries?.find((e) => e.resource?.resourceType === 'Appointment');
  if (entry === undefined) throw new Error('no Appointment entry');
  return entry;
}
const appointment = (result: ReturnType<typeof mapMessage>): Appointment =>
  appointmentEntry(result.bundle.entry).resource as Appointment;

describe('V2-to-FHIR IG message map SIU_S12 → Appointment (S12–S15)', () => {
  it('keys the Appointment on SCH-2 filler OR SCH-1 placer id (segment map SCH: identifier[1], identifier[2])', () => {
    const entry = appointmentEntry(siu('S12', full()).bundle.entry);
    expect(entry.request).to.deep.equal({
      method: 'PUT',
      url: 'Appointment?identifier=urn:nexushealth:hl7v2:FILLER|F200,urn:nexushealth:hl7v2:PLACER|P100',
    });
    expect(entry.fullUrl).to.match(/^urn:uuid:/);
    const a = entry.resource as Appointment;
    expect(a.identifier?.map((i) => [i.system, i.value, i.type?.coding?.[0]?.code])).to.deep.equal([
      ['urn:nexushealth:hl7v2:FILLER', 'F200', 'FILL'],
      ['urn:nexushealth:hl7v2:PLACER', 'P100', 'PLAC'],
    ]);
  });

  it('maps SCH-7, SCH-8, SCH-9, SCH-11, SCH-25, AIS-3 and the NTE (segment maps SCH, AIS, NTE[Appointment-Comment])', () => {
    const a = appointment(siu('S12', full()));
    expect(a.status).to.equal('booked');
    expect(a.start).to.equal('2024-03-05T09:00:00+01:00');
    expect(a.end).to.equal('2024-03-05T09:30:00+01:00');
    expect(a.minutesDuration).to.equal(30);
    expect(a.reasonCode).to.deep.equal([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'CHECKUP', display: 'Check up' }],
        text: 'Check up',
      },
    ]);
    expect(a.appointmentType).to.deep.equal({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0277', code: 'Normal' }],
    });
    expect(a.serviceType).to.deep.equal([
      {
        coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213', display: 'Office visit' }],
        text: 'Office visit',
      },
    ]);
    expect(a.comment).to.equal('Bring previous results');
    expect(a.cancelationReason).to.equal(undefined);
  });

  it('lists the Patient, the AIP practitioner, the AIL location and the AIG resource as participants (segment maps PID[Appointment], AIP, AIL, AIG)', () => {
    const { bundle } = siu('S12', full());
    const entries = bundle.entry ?? [];
    const patient = entries.find((e) => e.resource?.resourceType === 'Patient');
    const practitioner = entries.find((e) => e.resource?.resourceType === 'Practitioner');
    expect(patient?.request).to.deep.equal({
      method: 'PUT',
      url: 'Patient?identifier=urn:nexushealth:hl7v2:CLINIC|MRN1',
    });
    expect(practitioner?.request).to.deep.equal({
      method: 'POST',
      url: 'Practitioner',
      ifNoneExist: 'identifier=urn:nexushealth:hl7v2:CLINIC|D1',
    });
    expect((practitioner?.resource as Practitioner).name).to.deep.equal([
      { family: 'SMITH', given: ['ANNA'], prefix: ['DR'] },
    ]);
    const [p, doctor, room, device] = appointment({ bundle, warnings: [] }).participant;
    expect(p).to.deep.equal({ actor: { reference: patient?.fullUrl }, status: 'accepted' });
    expect(doctor).to.deep.equal({
      type: [
        {
          coding: [{ system: 'urn:nexushealth:hl7v2:codesystem:LOCAL', code: 'ATND', display: 'attender' }],
          text: 'attender',
        },
      ],
      actor: { reference: practitioner?.fullUrl, display: 'ANNA SMITH' },
      status: 'accepted',
      period: { start: '2024-03-05T09:00:00+01:00', end: '2024-03-05T09:30:00+01:00' },
    });
    expect(room).to.deep.equal({
      actor: { type: 'Location', display: 'CLIN, 101, CLINIC' },
      status: 'accepted',
      period: { start: '2024-03-05T09:00:00+01:00', end: '2024-03-05T09:30:00+01:00' },
    });
    expect(device?.actor).to.deep.equal({ display: 'ECG machine' });
    expect(device?.type?.[0]?.coding?.[0]?.code).to.equal('EQ');
    expect(device?.period).to.deep.equal({ start: '2024-03-05T09:10:00+01:00', end: '2024-03-05T09:20:00+01:00' });
  });

  it('records the visit as a conditional create that never overwrites ADT’s Encounter', () => {
    const encounter = siu('S12', full()).bundle.entry?.find((e) => e.resource?.resourceType === 'Encounter');
    expect(encounter?.request).to.deep.equal({
      method: 'POST',
      url: 'Encounter',
      ifNoneExist:
        'identifier=urn:nexushealth:hl7v2:CLINIC|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:CLINIC|MRN1',
    });
  });

  it('takes start and end from TQ1-7/TQ1-8 before SCH-11 (TQ1 replaces SCH-11 from v2.5)', () => {
    const tq1 = segment('TQ1', { 7: '20240306100000', 8: '20240306104500' });
    const a = appointment(siu('S12', [sch(), tq1, nte, pid, 'RGS|1', aip()]));
    expect([a.start, a.end]).to.deep.equal(['2024-03-06T10:00:00+01:00', '2024-03-06T10:45:00+01:00']);
    expect(a.comment).to.equal('Bring previous results');
  });

  it('without SCH-11/TQ1 takes the earliest resource start and the latest end (AIS-4 + AIS-7, AIG-8 + AIG-11)', () => {
    const a = appointment(siu('S12', [sch({ 11: '' }), pid, 'RGS|1', aig, ais]));
    expect([a.start, a.end]).to.deep.equal(['2024-03-05T09:00:00+01:00', '2024-03-05T09:30:00+01:00']);
  });

  it('adds the duration (SCH-9, minutes by default) to a start sent without end', () => {
    const a = appointment(siu('S12', [sch({ 10: '', 11: '^^^20240305090000' }), pid]));
    expect(a.end).to.equal('2024-03-05T09:30:00+01:00');
  });

  it('reads a resource start given as an offset from the appointment start (AIP-7/AIP-8)', () => {
    const offset = segment('AIP', { 1: '1', 3: 'D2^ROE^MAX', 7: '15', 8: 'min', 9: '15' });
    const [, doctor] = appointment(siu('S12', [sch(), pid, 'RGS|1', offset])).participant;
    expect(doctor?.period).to.deep.equal({ start: '2024-03-05T09:15:00+01:00', end: '2024-03-05T09:30:00+01:00' });
  });

  it('S15 cancels, with SCH-6 as cancelationReason, and stays a conditional update for an appointment never seen', () => {
    const result = siu('S15', [sch({ 11: '', 25: '' }), pid]);
    const entry = appointmentEntry(result.bundle.entry);
    const a = entry.resource as Appointment;
    expect(entry.request?.method).to.equal('PUT');
    expect(a.status).to.equal('cancelled');
    expect(a.start).to.equal(undefined);
    expect(a.cancelationReason?.coding?.[0]?.code).to.equal('PATREQ');
    expect(result.stateElements).to.deep.equal({ [entry.fullUrl ?? '']: ['status', 'cancelationReason'] });
  });

  it('S13 and S14 replace times and participants; an AIP with action code D leaves the booking (table 0206)', () => {
    const moved = siu('S13', [
      sch({ 11: '^^^20240307140000^20240307143000' }),
      pid,
      'RGS|1',
      aip('D1', 'Booked', 'D'),
      aip('D9'),
    ]);
    const a = appointment(moved);
    expect([a.status, a.start]).to.deep.equal(['booked', '2024-03-07T14:00:00+01:00']);
    expect(a.participant.map((p) => p.actor?.display ?? 'patient')).to.deep.equal(['patient', 'ANNA SMITH']);
    const practitioners = (moved.bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Practitioner');
    expect(practitioners.map((e) => e.request?.ifNoneExist)).to.deep.equal([
      'identifier=urn:nexushealth:hl7v2:CLINIC|D9',
    ]);
    expect(moved.stateElements).to.equal(undefined); // applied late: create-only
    expect(appointment(siu('S14', full())).status).to.equal('booked');
  });

  it('maps SCH-25 and AIP-12 filler statuses (IG ConceptMap table-hl70278-to-appointmentstatus)', () => {
    const a = appointment(siu('S12', [sch({ 25: 'Pending' }), pid, 'RGS|1', aip('D1', 'Waitlist')]));
    expect(a.status).to.equal('pending');
    expect(a.participant[1]?.status).to.equal('tentative');
    expect(appointment(siu('S12', [sch({ 25: 'Complete' }), pid])).status).to.equal('fulfilled');
  });

  it('gives one conditional create for a practitioner named twice', () => {
    const { bundle } = siu('S12', [sch(), pid, 'RGS|1', aip(), 'RGS|2', aip()]);
    const practitioners = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Practitioner');
    expect(practitioners).to.have.length(1);
    const [, first, second] = appointment({ bundle, warnings: [] }).participant;
    expect(first?.actor?.reference).to.equal(second?.actor?.reference).and.equal(practitioners[0]?.fullUrl);
  });

  it('answers AE, naming the field, when the booking has no id, no time or no participant', () => {
    const code = (segments: readonly string[], trigger = 'S12'): string | undefined => {
      try {
        siu(trigger, segments);
        return undefined;
      } catch (e) {
        return e instanceof Hl7DataError ? e.issue.location : 'other';
      }
    };
    expect(code([sch({ 1: '', 2: '' }), pid])).to.equal('SCH-2');
    expect(code([sch({ 11: '', 9: '' }), pid])).to.equal('SCH-11');
    expect(code([sch()])).to.equal('PID');
    expect(code([pid])).to.equal('SCH');
  });
});

describe('HL7 v2 corpus: SIU mapping', () => {
  for (const { name, messages } of corpusMessages('SIU')) {
    it(`maps ${name} field by field`, () => {
      for (const m of messages) {
        const result = mapMessage(m);
        const a = appointment(result);
        const schSegment = m.get('SCH');
        expect(a.identifier?.map((i) => i.value)).to.have.members(
          [schSegment?.field(1).value, schSegment?.field(2).value].filter((v) => v !== undefined),
        );
        expect(a.start, 'start').to.be.a('string');
        expect(a.participant[0]?.actor?.reference).to.equal(
          result.bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl,
        );
        expect(a.participant.every((p) => p.status !== undefined)).to.equal(true);
        expect(a.serviceType?.length).to.equal(m.all('AIS').length);
      }
    });
  }
});
