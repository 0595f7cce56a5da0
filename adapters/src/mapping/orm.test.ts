import type { Observation, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { entriesOf, mapText, only, segment } from '../test-support/adt-fixture.js';
import { Hl7DataError } from './data-error.js';
import { replaceCodePatch } from './fhirpath-patch.js';

const pid = segment('PID', { 1: '1', 3: 'MRN1^^^HOSP^MR', 5: 'DOE^JANE' });
const pv1 = segment('PV1', { 1: '1', 2: 'O', 19: 'V100^^^HOSP' });
const orc = (fields: Readonly<Record<number, string>> = {}): string =>
  segment('ORC', {
    1: 'NW',
    2: 'PL1^EHR',
    3: 'FL1^LAB',
    4: 'G1^EHR',
    9: '20240301101500',
    12: '1234^SMITH^JOHN^^^DR^^^NPI&2.16.840.1.113883.4.6&ISO',
    ...fields,
  });
const obr = (fields: Readonly<Record<number, string>> = {}): string =>
  segment('OBR', {
    1: '1',
    2: 'PL1^EHR',
    3: 'FL1^LAB',
    4: '24331-1^Lipid panel^LN',
    5: 'S',
    6: '20240302080000',
    31: 'E78.5^Hyperlipidemia^I10',
    ...fields,
  });
const message = (type: string, ...segments: string[]): string =>
  [`MSH|^~\\&|EHR|HOSP|LIS|LAB|20240301101500||${type}|M1|P|2.5.1`, pid, pv1, ...segments].join('\r');

describe('ORM^O01 → ServiceRequest (V2-to-FHIR IG segment maps ORC[ServiceRequest], OBR[ServiceRequest])', () => {
  const result = mapText(message('ORM^O01^ORM_O01', orc(), obr(), segment('NTE', { 1: '1', 3: 'Patient fasting' })));

  it('a conditional update keyed on the placer order number', () => {
    const [entry] = entriesOf(result, 'ServiceRequest');
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'ServiceRequest?identifier=urn:nexushealth:hl7v2:EHR|PL1',
    });
  });

  it('identifiers PLAC, FILL, PGN; status, intent, priority, code, occurrence, authoredOn, requester, reason, note', () => {
    const request = only<ServiceRequest>(result, 'ServiceRequest');
    expect(request.identifier?.map((i) => [i.system, i.value, i.type?.coding?.[0]?.code])).to.deep.equal([
      ['urn:nexushealth:hl7v2:EHR', 'PL1', 'PLAC'],
      ['urn:nexushealth:hl7v2:LAB', 'FL1', 'FILL'],
      ['urn:nexushealth:hl7v2:EHR', 'G1', 'PGN'],
    ]);
    expect(request.status, 'ORC-1 NW (OrderControlCode[ServiceRequest.status])').to.equal('active');
    expect(request.intent).to.equal('order');
    expect(request.priority, 'OBR-5 S (table 0027)').to.equal('stat');
    expect(request.code?.coding?.[0]?.code).to.equal('24331-1');
    expect(request.occurrenceDateTime, 'OBR-6').to.equal('2024-03-02T08:00:00+00:00');
    expect(request.authoredOn, 'ORC-9 of an NW').to.equal('2024-03-01T10:15:00+00:00');
    const [doctor] = entriesOf(result, 'Practitioner');
    expect(doctor?.request?.ifNoneExist, 'a conditional create (practitioner-reference.ts)').to.equal(
      'identifier=urn:oid:2.16.840.1.113883.4.6|1234',
    );
    expect(request.requester).to.deep.equal({ reference: doctor?.fullUrl, display: 'JOHN SMITH' });
    expect(request.reasonCode?.[0]?.coding?.[0]).to.deep.equal({
      system: 'http://hl7.org/fhir/sid/icd-10',
      code: 'E78.5',
      display: 'Hyperlipidemia',
    });
    expect(request.note).to.deep.equal([{ text: 'Patient fasting' }]);
    expect(request.subject.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
    expect(request.encounter?.reference).to.equal(entriesOf(result, 'Encounter')[0]?.fullUrl);
  });

  it('ORC-5 decides the status when sent (ConceptMap table-hl70038-to-request-status)', () => {
    const status = (fields: Readonly<Record<number, string>>): ServiceRequest['status'] =>
      only<ServiceRequest>(mapText(message('ORM^O01', orc(fields), obr())), 'ServiceRequest').status;
    expect(status({ 1: 'SC', 5: 'CM' })).to.equal('completed');
    expect(status({ 1: 'SC', 5: 'IP' })).to.equal('active');
    expect(status({ 1: 'SC', 5: 'HD' })).to.equal('on-hold');
    expect(status({ 1: 'SC' }), 'SC says nothing of the state').to.equal('unknown');
  });

  it('a cancel (ORC-1 CA) revokes the order, found by the same placer key; ORC-9 is no longer authoredOn', () => {
    const cancel = mapText(message('ORM^O01', orc({ 1: 'CA', 9: '20240301120000' }), obr()));
    const [entry] = entriesOf(cancel, 'ServiceRequest');
    expect(entry?.request?.url).to.equal('ServiceRequest?identifier=urn:nexushealth:hl7v2:EHR|PL1');
    const request = entry?.resource as ServiceRequest;
    expect(request.status).to.equal('revoked');
    expect(request.authoredOn).to.equal(undefined);
    for (const control of ['DC', 'OC', 'CR']) {
      expect(
        only<ServiceRequest>(mapText(message('ORM^O01', orc({ 1: control }), obr())), 'ServiceRequest').status,
      ).to.equal('revoked');
    }
  });

  it('priority from OBR-5, else TQ1-9 (TQ1[ServiceRequest]), else ORC-7.6 (table 0027)', () => {
    const priority = (...segments: string[]): ServiceRequest['priority'] =>
      only<ServiceRequest>(mapText(message('ORM^O01', ...segments)), 'ServiceRequest').priority;
    expect(priority(orc(), segment('TQ1', { 1: '1', 9: 'A^ASAP^HL70485' }), obr({ 5: '' }))).to.equal('asap');
    expect(priority(orc({ 7: '^^^^^R' }), obr({ 5: '' }))).to.equal('routine');
    expect(priority(orc(), segment('TQ1', { 1: '1', 9: 'R' }), obr())).to.equal('stat');
  });

  it('OBR-11 G → intent reflex-order; ORC-16 → request-statusReason extension', () => {
    const request = only<ServiceRequest>(
      mapText(message('ORM^O01', orc({ 1: 'CA', 16: 'DUP^Duplicate order^L' }), obr({ 11: 'G' }))),
      'ServiceRequest',
    );
    expect(request.intent).to.equal('reflex-order');
    expect(request.extension?.[0]?.url).to.equal('http://hl7.org/fhir/StructureDefinition/request-statusReason');
    expect(request.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code).to.equal('DUP');
  });

  it('OBR-15 (v2.3 specimen source) → Specimen with type, site, OBR-7 collected, referenced by the order (OBR[Specimen])', () => {
    const older = mapText(
      message('ORM^O01', orc(), obr({ 7: '20240301093000', 15: 'BLD&Blood&HL70070^^Venipuncture^LA&Left arm' })),
    );
    const specimen = only<Specimen>(older, 'Specimen');
    expect(specimen.type?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0070',
      code: 'BLD',
    });
    expect(specimen.collection?.bodySite?.text).to.equal('Left arm');
    expect(specimen.collection?.method?.text).to.equal('Venipuncture');
    expect(specimen.collection?.collectedDateTime).to.equal('2024-03-01T09:30:00+00:00');
    const [entry] = entriesOf(older, 'Specimen');
    expect(specimen.identifier?.[0]?.value).to.equal('urn:nexushealth:hl7v2:EHR|PL1|OBR-15');
    expect(only<ServiceRequest>(older, 'ServiceRequest').specimen?.[0]?.reference).to.equal(entry?.fullUrl);
  });

  it('without placer and filler numbers an AE at ORC-2', () => {
    expect(() => mapText(message('ORM^O01', orc({ 2: '', 3: '' }), obr({ 2: '', 3: '' })))).to.throw(
      Hl7DataError,
      'ORC-2',
    );
  });

  it('a bare control (ORC without OBR) patches the status alone (fhirpatch.html), never restating the order', () => {
    const bare = mapText(message('ORM^O01', orc({ 1: 'CA' })));
    const patch = replaceCodePatch('ServiceRequest.status', 'revoked');
    const url = 'ServiceRequest?identifier=urn:nexushealth:hl7v2:EHR|PL1';
    expect(entriesOf(bare, 'Parameters').map((e) => [e.request, e.resource])).to.deep.equal([
      [{ method: 'PATCH', url }, patch],
    ]);
    expect(entriesOf(bare, 'ServiceRequest')).to.deep.equal([]);
    const silent = mapText(message('ORM^O01', orc({ 1: 'SC' })));
    expect(entriesOf(silent, 'Parameters')).to.deep.equal([]);
    expect(silent.warnings.map((w) => w.location)).to.deep.equal(['ORC-1']);
  });
});

describe('OML^O21 → ServiceRequest + Specimen + Observations (V2-to-FHIR IG message map OML_O21)', () => {
  const result = mapText(
    message(
      'OML^O21^OML_O21',
      orc(),
      obr(),
      segment('OBX', { 1: '1', 2: 'CWE', 3: '11449-6^Pregnancy status^LN', 5: 'N^No^HL70136', 11: 'F' }),
      segment('SPM', {
        1: '1',
        2: 'SP1&EHR^SF1&LAB',
        4: '119297000^Blood specimen^SCT',
        7: '28520004^Venipuncture^SCT',
        8: 'LA^Left arm^HL70163',
        12: '5^mL&milliliter&UCUM',
        14: 'Lavender top',
        17: '20240301093000^20240301093500',
        18: '20240301110000',
        20: 'Y',
        27: 'LAV^Lavender top tube^L',
      }),
    ),
  );

  it('SPM → Specimen keyed on the SPM-2 filler part, every field of the segment map SPM[Specimen]', () => {
    const [entry] = entriesOf(result, 'Specimen');
    expect(entry?.request?.url).to.equal('Specimen?identifier=urn:nexushealth:hl7v2:LAB|SF1');
    const specimen = entry?.resource as Specimen;
    expect(specimen.identifier?.map((i) => i.value)).to.deep.equal(['SP1', 'SF1']);
    expect(specimen.type?.coding?.[0]?.code).to.equal('119297000');
    expect(specimen.collection).to.deep.equal({
      collectedPeriod: { start: '2024-03-01T09:30:00+00:00', end: '2024-03-01T09:35:00+00:00' },
      quantity: { value: 5, unit: 'milliliter', system: 'http://unitsofmeasure.org', code: 'mL' },
      method: {
        coding: [{ system: 'http://snomed.info/sct', code: '28520004', display: 'Venipuncture' }],
        text: 'Venipuncture',
      },
      bodySite: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0163', code: 'LA', display: 'Left arm' }],
        text: 'Left arm',
      },
    });
    expect(specimen.receivedTime).to.equal('2024-03-01T11:00:00+00:00');
    expect(specimen.status).to.equal('available');
    expect(specimen.note).to.deep.equal([{ text: 'Lavender top' }]);
    expect(specimen.container?.[0]?.type?.coding?.[0]?.code).to.equal('LAV');
    expect(specimen.request?.[0]?.reference).to.equal(entriesOf(result, 'ServiceRequest')[0]?.fullUrl);
    expect(only<ServiceRequest>(result, 'ServiceRequest').specimen?.[0]?.reference).to.equal(entry?.fullUrl);
  });

  it('OBX with the order (ask at order entry) → Observation in supportingInfo, basedOn the order', () => {
    const request = only<ServiceRequest>(result, 'ServiceRequest');
    const [entry] = entriesOf(result, 'Observation');
    expect(request.supportingInfo?.[0]?.reference).to.equal(entry?.fullUrl);
    const observation = entry?.resource as Observation;
    expect(observation.basedOn?.[0]?.reference).to.equal(entriesOf(result, 'ServiceRequest')[0]?.fullUrl);
    expect(observation.valueCodeableConcept?.coding?.[0]?.code).to.equal('N');
    expect(observation.identifier?.[0]?.value).to.equal('urn:nexushealth:hl7v2:EHR|PL1|OBX-1');
  });
});
