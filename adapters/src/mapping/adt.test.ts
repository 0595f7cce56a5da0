import type { Encounter, Patient, Practitioner } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { adtMessage, basePv1, entriesOf, mapText, only, segment } from '../test-support/adt-fixture.js';

const encounterOf = (trigger: string, pv1 = basePv1, extra: readonly string[] = []): Encounter =>
  only<Encounter>(mapText(adtMessage(trigger, pv1, extra)), 'Encounter');
const v3 = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

describe('ADT triggers → Encounter (V2-to-FHIR IG ConceptMap Event[EncounterStatus], segment map PV1 → Encounter)', () => {
  it('A01 admit: in-progress, PV1-2 class, PV1-19 visit number typed VN, PV1-44 period.start, stateElements status+period', () => {
    const result = mapText(adtMessage('A01'));
    const [entry] = entriesOf(result, 'Encounter');
    const encounter = entry?.resource as Encounter;
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'Encounter?identifier=urn:nexushealth:hl7v2:SGH|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:SGH|MRN1',
    });
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.class).to.include({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' });
    expect(encounter.identifier?.[0]?.type?.coding?.[0]?.code).to.equal('VN');
    expect(encounter.period).to.deep.equal({ start: '2024-01-02T03:04:05+00:00' });
    expect(encounter.subject?.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
    expect(result.stateElements).to.deep.equal({ [entry?.fullUrl ?? '']: ['status', 'period'] });
  });

  it('PV1-7/8/17 participants ATND/REF/ADM as Reference(Practitioner), one conditional create per doctor (IG PV1 → Encounter.participant)', () => {
    const result = mapText(adtMessage('A01'));
    const practitioners = entriesOf(result, 'Practitioner');
    expect(practitioners.map((e) => e.request)).to.deep.equal([
      { method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=urn:nexushealth:hl7v2:SGH|D1' },
      { method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=urn:nexushealth:hl7v2:SGH|D2' },
    ]);
    expect((practitioners[0]?.resource as Practitioner).name).to.deep.equal([
      { family: 'ATTEND', given: ['ANN'], prefix: ['DR'] },
    ]);
    const participant = only<Encounter>(result, 'Encounter').participant ?? [];
    expect(participant.map((p) => [p.type?.[0]?.coding?.[0]?.system, p.type?.[0]?.coding?.[0]?.code])).to.deep.equal([
      [v3, 'ATND'],
      [v3, 'REF'],
      [v3, 'ADM'],
    ]);
    expect(participant[0]?.individual).to.deep.equal({ reference: practitioners[0]?.fullUrl, display: 'ANN ATTEND' });
    expect(participant[2]?.individual?.reference).to.equal(practitioners[0]?.fullUrl);
  });

  it('PV1-4 type, PV1-10 serviceType, PV1-5/13/14/16/38 hospitalization in their HL7 tables (IG PV1 → Encounter)', () => {
    const encounter = encounterOf('A01', { ...basePv1, 4: 'E', 5: 'PRE1', 13: 'R', 16: 'VIP', 38: 'VEG' });
    const t = (table: string): string => `http://terminology.hl7.org/CodeSystem/v2-${table}`;
    expect(encounter.type).to.deep.equal([{ coding: [{ system: t('0007'), code: 'E' }] }]);
    expect(encounter.serviceType).to.deep.equal({ coding: [{ system: t('0069'), code: 'MED' }] });
    expect(encounter.hospitalization).to.deep.equal({
      preAdmissionIdentifier: { system: 'urn:nexushealth:hl7v2:SGH', value: 'PRE1' },
      reAdmission: { coding: [{ system: t('0092'), code: 'R' }] },
      admitSource: { coding: [{ system: t('0023'), code: '7' }] },
      specialCourtesy: [{ coding: [{ system: t('0099'), code: 'VIP' }] }],
      dietPreference: [{ coding: [{ system: t('0159'), code: 'VEG' }] }],
    });
  });

  it('PV2-3 reasonCode, PV2-11 length in days, PV2-25 priority, PV2-38 modeOfArrival (IG PV2 → Encounter)', () => {
    const pv2 = segment('PV2', { 3: 'CP^Chest pain^L', 11: '3', 25: 'EL', 38: 'A^Ambulance' });
    const encounter = encounterOf('A01', basePv1, [pv2]);
    expect(encounter.reasonCode).to.deep.equal([
      {
        coding: [{ system: 'urn:nexushealth:hl7v2:codesystem:L', code: 'CP', display: 'Chest pain' }],
        text: 'Chest pain',
      },
    ]);
    expect(encounter.length).to.deep.equal({ value: 3, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' });
    expect(encounter.priority?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0217',
      code: 'EL',
    });
    expect(encounter.extension).to.deep.equal([
      {
        url: 'http://hl7.org/fhir/StructureDefinition/encounter-modeOfArrival',
        valueCoding: { system: 'http://terminology.hl7.org/CodeSystem/v2-0430', code: 'A', display: 'Ambulance' },
      },
    ]);
  });

  it('A02 transfer: PV1-3 active, PV1-6 completed (the stay left), stateElements location', () => {
    const result = mapText(adtMessage('A02', { ...basePv1, 3: '5W^501^A^SGH', 6: '4E^414^B^SGH' }));
    const encounter = only<Encounter>(result, 'Encounter');
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.location).to.deep.equal([
      { location: { display: '5W, 501, A, SGH' }, status: 'active' },
      { location: { display: '4E, 414, B, SGH' }, status: 'completed' },
    ]);
    expect(Object.values(result.stateElements ?? {})).to.deep.equal([['location']]);
  });

  it('A02 without PV1-6 warns at PV1-6: the history lost the stay left (v2.5.1 §3.3.2: PV1-6 is the old location)', () => {
    const result = mapText(adtMessage('A02', { ...basePv1, 3: '5W^501^A^SGH' }));
    expect(only<Encounter>(result, 'Encounter').location).to.have.length(1);
    expect(result.warnings.map((w) => [w.location, w.severity])).to.deep.equal([['PV1-6', 'W']]);
  });

  it('A03 discharge: finished, PV1-45 period.end, PV1-36 dischargeDisposition, PV1-37 destination', () => {
    const result = mapText(adtMessage('A03', { ...basePv1, 36: '01^Home', 37: 'HOME', 45: '20240105120000' }));
    const encounter = only<Encounter>(result, 'Encounter');
    expect(encounter.status).to.equal('finished');
    expect(encounter.period).to.deep.equal({ start: '2024-01-02T03:04:05+00:00', end: '2024-01-05T12:00:00+00:00' });
    expect(encounter.hospitalization?.dischargeDisposition).to.deep.equal({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0112', code: '01', display: 'Home' }],
      text: 'Home',
    });
    expect(encounter.hospitalization?.destination).to.deep.equal({ display: 'HOME' });
    expect(Object.values(result.stateElements ?? {})).to.deep.equal([['status', 'period', 'hospitalization']]);
  });

  it('A03 without PV1-45 warns at PV1-45 and leaves period.end out', () => {
    const result = mapText(adtMessage('A03'));
    expect(only<Encounter>(result, 'Encounter').period?.end).to.equal(undefined);
    expect(result.warnings.map((w) => w.location)).to.deep.equal(['PV1-45']);
  });

  it('A04 register and A05 pre-admit: planned; a class P location is planned (IG PV1-3 status)', () => {
    expect(encounterOf('A04').status).to.equal('planned');
    const a05 = encounterOf('A05', { ...basePv1, 2: 'P' });
    expect(a05.status).to.equal('planned');
    expect(a05.class.code).to.equal('PRENC');
    expect(a05.location?.[0]?.status).to.equal('planned');
  });

  it('A06/A07 class change: PV1-2 is the new class, in-progress, stateElements class+status', () => {
    const a06 = mapText(adtMessage('A06'));
    expect(only<Encounter>(a06, 'Encounter')).to.include({ status: 'in-progress' });
    expect(only<Encounter>(a06, 'Encounter').class.code).to.equal('IMP');
    expect(Object.values(a06.stateElements ?? {})).to.deep.equal([['class', 'status']]);
    expect(encounterOf('A07', { ...basePv1, 2: 'O' }).class.code).to.equal('AMB');
  });

  it('A08 update: the Encounter is only created when missing, as unknown, authoritative for nothing', () => {
    const result = mapText(adtMessage('A08'));
    const [entry] = entriesOf(result, 'Encounter');
    expect(entry?.request).to.deep.equal({
      method: 'POST',
      url: 'Encounter',
      ifNoneExist:
        'identifier=urn:nexushealth:hl7v2:SGH|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:SGH|MRN1',
    });
    expect((entry?.resource as Encounter).status).to.equal('unknown');
    expect(result.stateElements).to.equal(undefined);
  });

  it('A11 cancel admit: cancelled (IG Event[EncounterStatus] A11), stateElements status', () => {
    const result = mapText(adtMessage('A11'));
    expect(only<Encounter>(result, 'Encounter').status).to.equal('cancelled');
    expect(Object.values(result.stateElements ?? {})).to.deep.equal([['status']]);
  });

  it('A12 cancel transfer: back at PV1-3, the cancelled PV1-6 location dropped', () => {
    const encounter = encounterOf('A12', { ...basePv1, 6: '5W^501^A^SGH' });
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.location).to.deep.equal([{ location: { display: '4E, 414, B, SGH' }, status: 'active' }]);
  });

  it('A13 cancel discharge: in-progress (IG A13), no period.end, no discharge disposition even if sent', () => {
    const encounter = encounterOf('A13', { ...basePv1, 36: '01', 37: 'HOME', 45: '20240105120000' });
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.period).to.deep.equal({ start: '2024-01-02T03:04:05+00:00' });
    expect(encounter.hospitalization).to.not.have.any.keys('dischargeDisposition', 'destination');
  });

  it('A28/A31 person add/update: the Patient only, even with a PV1', () => {
    for (const trigger of ['A28', 'A31']) {
      const result = mapText(adtMessage(trigger));
      expect(result.bundle.entry?.map((e) => e.resource?.resourceType)).to.deep.equal(['Patient']);
      expect(only<Patient>(result, 'Patient').name?.[0]?.family).to.equal('DOE');
    }
  });

  it('PID → Patient: PID-6 mothersMaidenName, PID-7 time of birth on _birthDate, PID-15/16, PID-24/25, PID-29 (IG PID → Patient)', () => {
    const pid = segment('PID', {
      ...{ 1: '1', 3: 'MRN1^^^SGH^MR', 5: 'DOE^JANE', 6: 'SMITH^MARY', 7: '198001011230', 8: 'F' },
      ...{ 15: 'en^English^ISO639', 16: 'M^Married', 24: 'Y', 25: '2', 29: '20240105101500' },
    });
    const patient = only<Patient & { _birthDate?: unknown }>(
      mapText(adtMessage('A28').replace(/^PID\|.*$/m, pid)),
      'Patient',
    );
    expect(patient.birthDate).to.equal('1980-01-01');
    expect(patient._birthDate).to.deep.equal({
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
          valueDateTime: '1980-01-01T12:30:00+00:00',
        },
      ],
    });
    expect(patient.extension).to.deep.equal([
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'SMITH' },
    ]);
    expect(patient.communication?.[0]?.preferred, 'PID-15 is the primary language').to.equal(true);
    expect(patient.communication?.[0]?.language.coding?.[0]).to.deep.equal({
      system: 'urn:ietf:bcp:47',
      code: 'en',
      display: 'English',
    });
    expect(patient.maritalStatus?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0002',
      code: 'M',
      display: 'Married',
    });
    expect(patient).to.include({ multipleBirthInteger: 2, deceasedDateTime: '2024-01-05T10:15:00+00:00' });
  });
});
