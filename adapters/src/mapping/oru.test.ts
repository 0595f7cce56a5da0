import type {
  BundleEntry,
  DiagnosticReport,
  Encounter,
  Observation,
  Patient,
  ServiceRequest,
  Specimen,
} from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { segment, testUuid } from '../test-support/adt-fixture.js';
import { Hl7DataError } from './data-error.js';
import { mapMessage } from './map-message.js';
import type { MappingResult } from './mapping-result.js';

const msh = 'MSH|^~\\&|LIS|LAB|NEXUS|NH|20240102030405||ORU^R01^ORU_R01|R1|P|2.5.1';
const pid = segment('PID', { 1: '1', 3: 'MRN1^^^HOSP^MR', 5: 'DOE^JANE', 7: '19800101', 8: 'F' });
const pv1 = segment('PV1', { 1: '1', 2: 'I', 19: 'V100^^^HOSP' });
const orc = segment('ORC', { 1: 'RE', 2: 'PL1^EHR', 3: 'FL1^LAB', 5: 'CM', 12: '1234^SMITH^JOHN^^^DR' });
const obr = segment('OBR', {
  1: '1',
  2: 'PL1^EHR',
  3: 'FL1^LAB',
  4: '24331-1^Lipid panel^LN',
  7: '20240102080000',
  22: '20240102100000',
  24: 'CH',
  25: 'F',
});
const obx = (fields: Readonly<Record<number, string>>): string => segment('OBX', { 11: 'F', ...fields });

const message = (...segments: string[]): string => segments.join('\r');

function map(...segments: string[]): MappingResult {
  return mapMessage(parseHl7(message(msh, pid, pv1, orc, obr, ...segments)), { uuid: testUuid });
}
const resources = <T>(result: MappingResult, type: string): T[] =>
  (result.bundle.entry ?? []).filter((e) => e.resource?.resourceType === type).map((e) => e.resource as T);
const entryOf = (result: MappingResult, type: string): BundleEntry | undefined =>
  result.bundle.entry?.find((e) => e.resource?.resourceType === type);
/** The path part of each Observation's derived key (`urn:nexushealth:hl7v2:key:observation|<order>|<path>`). */
const keysOf = (result: MappingResult): string[] =>
  resources<Observation>(result, 'Observation').map((o) => o.identifier?.[0]?.value?.split('|')[2] ?? '');

describe('ORU^R01 → Bundle (V2-to-FHIR IG message map ORU_R01)', () => {
  const result = map(
    segment('NTE', { 1: '1', 3: 'Fasting specimen' }),
    obx({
      1: '1',
      2: 'NM',
      3: '2093-3^Cholesterol^LN',
      5: '196',
      6: 'mg/dL^^UCUM',
      7: '<200',
      8: 'N',
      14: '20240102090000',
    }),
    segment('NTE', { 1: '1', 3: 'Repeated\\.br\\twice' }),
    obx({ 1: '2', 2: 'NM', 3: '2571-8^Triglyceride^LN', 5: '150', 6: 'mg/dL', 7: '50-150', 16: '77^LAB^TECH' }),
    segment('SPM', { 1: '1', 2: 'SP1&LAB^SF1&LAB', 4: '119364003^Serum^SCT', 17: '20240102070000' }),
    obx({ 1: '1', 2: 'ST', 3: 'SPQ^Specimen quality^L', 5: 'Good' }),
  );

  it('Patient a conditional update on PID-3, Encounter a conditional create by PV1-19 (patient-context.ts)', () => {
    const patient = entryOf(result, 'Patient');
    expect(patient?.request).to.deep.equal({
      method: 'PUT',
      url: 'Patient?identifier=urn:nexushealth:hl7v2:HOSP|MRN1',
    });
    expect((patient?.resource as Patient).name?.[0]?.family).to.equal('DOE');
    const encounter = entryOf(result, 'Encounter');
    expect(encounter?.request?.ifNoneExist).to.equal(
      'identifier=urn:nexushealth:hl7v2:HOSP|V100&subject:Patient.identifier=urn:nexushealth:hl7v2:HOSP|MRN1',
    );
    expect((encounter?.resource as Encounter).status).to.equal('unknown');
  });

  it('DiagnosticReport keyed on the filler number, OBR fields (segment map OBR[DiagnosticReport])', () => {
    const entry = entryOf(result, 'DiagnosticReport');
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'DiagnosticReport?identifier=urn:nexushealth:hl7v2:LAB|FL1',
    });
    const report = entry?.resource as DiagnosticReport;
    expect(report.identifier?.map((i) => [i.value, i.type?.coding?.[0]?.code])).to.deep.equal([
      ['PL1', 'PLAC'],
      ['FL1', 'FILL'],
    ]);
    expect(report.status).to.equal('final');
    expect(report.code.coding?.[0]).to.deep.equal({
      system: 'http://loinc.org',
      code: '24331-1',
      display: 'Lipid panel',
    });
    expect(report.effectiveDateTime).to.equal('2024-01-02T08:00:00+00:00');
    expect(report.issued).to.equal('2024-01-02T10:00:00+00:00');
    expect(report.category?.[0]?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0074',
      code: 'CH',
    });
    expect(report.subject?.reference).to.equal(entryOf(result, 'Patient')?.fullUrl);
    expect(report.encounter?.reference).to.equal(entryOf(result, 'Encounter')?.fullUrl);
    expect(report.result?.map((r) => r.reference)).to.deep.equal(
      (result.bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Observation').map((e) => e.fullUrl),
    );
    expect(report.specimen?.[0]?.reference).to.equal(entryOf(result, 'Specimen')?.fullUrl);
  });

  it('NTE after OBR → the R5 DiagnosticReport.note extension (R4 has no note)', () => {
    const report = resources<DiagnosticReport>(result, 'DiagnosticReport')[0];
    expect(report?.extension).to.deep.equal([
      {
        url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-DiagnosticReport.note',
        valueAnnotation: { text: 'Fasting specimen' },
      },
    ]);
  });

  it('basedOn the ServiceRequest, a conditional create on the placer number (ORC[ServiceRequest])', () => {
    const entry = entryOf(result, 'ServiceRequest');
    expect(entry?.request).to.deep.equal({
      method: 'POST',
      url: 'ServiceRequest',
      ifNoneExist: 'identifier=urn:nexushealth:hl7v2:EHR|PL1',
    });
    const request = entry?.resource as ServiceRequest;
    expect(request.status).to.equal('completed');
    expect(request.intent).to.equal('order');
    expect(request.requester?.display).to.equal('JOHN SMITH');
    for (const resource of [
      ...resources<DiagnosticReport>(result, 'DiagnosticReport'),
      ...resources<Observation>(result, 'Observation'),
    ]) {
      expect(resource.basedOn?.[0]?.reference).to.equal(entry?.fullUrl);
    }
  });

  it('Observation per OBX, keyed on filler number + OBX-1, SPM observations under SPM-1 (derived-keys.ts)', () => {
    expect(keysOf(result)).to.deep.equal(['OBX-1', 'OBX-2', 'SPM-1/OBX-1']);
    const entry = entryOf(result, 'Observation');
    expect(entry?.request?.url).to.equal(
      'Observation?identifier=urn:nexushealth:hl7v2:key:observation|urn:nexushealth:hl7v2:LAB%5C%7CFL1%5C%7COBX-1',
    );
    expect((entry?.resource as Observation).identifier?.[0]).to.deep.equal({
      system: 'urn:nexushealth:hl7v2:key:observation',
      value: 'urn:nexushealth:hl7v2:LAB|FL1|OBX-1',
    });
  });

  it('OBX fields: code, status, value with UCUM units, range, interpretation, effective, performer, note (OBX[Observation])', () => {
    const [cholesterol, triglyceride] = resources<Observation>(result, 'Observation');
    expect(cholesterol?.code.coding?.[0]?.code).to.equal('2093-3');
    expect(cholesterol?.status).to.equal('final');
    expect(cholesterol?.valueQuantity).to.deep.equal({
      value: 196,
      unit: 'mg/dL',
      system: 'http://unitsofmeasure.org',
      code: 'mg/dL',
    });
    expect(cholesterol?.referenceRange).to.deep.equal([
      { high: { value: 200, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' }, text: '<200' },
    ]);
    expect(cholesterol?.interpretation?.[0]?.coding?.[0]).to.deep.equal({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
      code: 'N',
    });
    expect(cholesterol?.effectiveDateTime).to.equal('2024-01-02T09:00:00+00:00');
    expect(cholesterol?.note).to.deep.equal([{ text: 'Repeated\ntwice' }]);
    expect(triglyceride?.effectiveDateTime, 'OBX-14 empty: the OBR-7 time').to.equal('2024-01-02T08:00:00+00:00');
    expect(triglyceride?.referenceRange?.[0]?.low?.value).to.equal(50);
    expect(triglyceride?.referenceRange?.[0]?.high?.value).to.equal(150);
    const technician = (result.bundle.entry ?? []).find(
      (e) => e.request?.ifNoneExist === 'identifier=urn:nexushealth:hl7v2:LAB|77',
    );
    expect(triglyceride?.performer).to.deep.equal([{ reference: technician?.fullUrl, display: 'TECH LAB' }]);
    expect(triglyceride?.subject?.reference).to.equal(entryOf(result, 'Patient')?.fullUrl);
    expect(triglyceride?.encounter?.reference).to.equal(entryOf(result, 'Encounter')?.fullUrl);
  });

  it('SPM → Specimen keyed on the SPM-2 filler part, its OBX pointing at it (SPM[Specimen])', () => {
    const entry = entryOf(result, 'Specimen');
    expect(entry?.request?.url).to.equal('Specimen?identifier=urn:nexushealth:hl7v2:LAB|SF1');
    const specimen = entry?.resource as Specimen;
    expect(specimen.identifier?.map((i) => i.value)).to.deep.equal(['SP1', 'SF1']);
    expect(specimen.type?.coding?.[0]?.code).to.equal('119364003');
    expect(specimen.collection?.collectedDateTime).to.equal('2024-01-02T07:00:00+00:00');
    expect(specimen.request?.[0]?.reference).to.equal(entryOf(result, 'ServiceRequest')?.fullUrl);
    const quality = resources<Observation>(result, 'Observation')[2];
    expect(quality?.specimen?.reference).to.equal(entry?.fullUrl);
    expect(quality?.valueString).to.equal('Good');
  });

  it('every entry is conditional and every fullUrl a urn:uuid (message-mapper.ts)', () => {
    for (const entry of result.bundle.entry ?? []) {
      expect(entry.fullUrl).to.match(/^urn:uuid:/);
      expect(entry.request?.method === 'PUT' ? entry.request.url : entry.request?.ifNoneExist).to.include(
        'identifier=',
      );
    }
    expect(result.warnings).to.deep.equal([]);
  });

  it('a repeated or missing OBX-1 is matched by position, with a warning (derived-keys.ts)', () => {
    const repeated = map(obx({ 1: '1', 2: 'ST', 5: 'a' }), obx({ 1: '1', 2: 'ST', 5: 'b' }), obx({ 2: 'ST', 5: 'c' }));
    expect(keysOf(repeated)).to.deep.equal(['OBX-1', 'OBX#2', 'OBX#3']);
    const { warnings } = repeated;
    expect(warnings.map((w) => w.location).sort()).to.deep.equal(['OBX-1', 'OBX-1', 'OBX-3', 'OBX-3', 'OBX-3']);
  });

  it('two OBRs naming one specimen give one Specimen entry (transaction-builder.ts)', () => {
    const spm = segment('SPM', { 1: '1', 2: '^SF1&LAB', 4: 'BLD' });
    const second = obr.replace('FL1^LAB', 'FL2^LAB').replace('PL1^EHR', 'PL2^EHR');
    const { bundle } = mapMessage(parseHl7(message(msh, pid, obr, spm, second, spm)), { uuid: testUuid });
    const specimens = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Specimen');
    expect(specimens).to.have.length(1);
    const reports = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'DiagnosticReport');
    expect(reports.map((e) => (e.resource as DiagnosticReport).specimen?.[0]?.reference)).to.deep.equal([
      specimens[0]?.fullUrl,
      specimens[0]?.fullUrl,
    ]);
  });

  it('a result without filler or placer number is an AE at OBR-3; without PID an AE', () => {
    const bare = segment('OBR', { 1: '1', 4: '24331-1^Lipid panel^LN', 25: 'F' });
    expect(() => mapMessage(parseHl7(message(msh, pid, bare)))).to.throw(Hl7DataError, 'OBR-3');
    expect(() => mapMessage(parseHl7(message(msh, obr)))).to.throw(Hl7DataError, 'PID');
  });

  it('OBR-25 outside table 0123 → status unknown with a warning (ConceptMap ResultStatus)', () => {
    const text = message(msh, pid, obr.replace(/\|F$/, '|Q'));
    const { bundle, warnings } = mapMessage(parseHl7(text));
    const report = bundle.entry?.find((e) => e.resource?.resourceType === 'DiagnosticReport')
      ?.resource as DiagnosticReport;
    expect(report.status).to.equal('unknown');
    expect(warnings.map((w) => w.location)).to.deep.equal(['OBR-25']);
  });
});
