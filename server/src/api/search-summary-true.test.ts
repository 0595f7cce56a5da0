import type { Bundle, CapabilityStatement, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
const TAG = { system: 'http://example.org/tags', code: 'keep' };
const NARRATIVE = { status: 'generated' as const, div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' };
const EXTENSION = [{ url: 'http://example.org/ext', valueString: 'not in the summary' }];
const LOINC_BP = { coding: [{ system: 'http://loinc.org', code: '85354-9' }] };
const MMHG = { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' };

function withoutServerMeta(resource: Resource | undefined): Record<string, unknown> {
  const { meta, ...rest } = (resource ?? {}) as Resource;
  expect(meta?.tag).to.deep.include(SUBSETTED);
  return rest;
}

function firstMatch(result: Bundle): Resource | undefined {
  return result.entry?.find((e) => e.search?.mode === 'match')?.resource;
}

describe('search.html#summary — _summary=true (ElementDefinition.isSummary)', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  let observation: Observation & { id: string };

  before(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, {
      resourceType: 'Patient',
      meta: { tag: [TAG] },
      text: NARRATIVE,
      extension: EXTENSION,
      identifier: [{ system: 'http://example.org/mrn', value: 'A1' }],
      active: true,
      name: [{ family: 'Müller', given: ['Anna'], extension: EXTENSION }],
      birthDate: '1980-05-15',
      _birthDate: { extension: EXTENSION },
      maritalStatus: { text: 'married' },
      contact: [{ name: { family: 'Müller' }, relationship: [{ text: 'partner' }] }],
      link: [{ other: { reference: 'Patient/other' }, type: 'seealso', extension: EXTENSION }],
    } as Patient);
    observation = await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: LOINC_BP,
      subject: { reference: `Patient/${patient.id}` },
      note: [{ text: 'not in the summary' }],
      referenceRange: [{ text: 'normal' }],
      component: [
        { code: LOINC_BP, valueQuantity: MMHG, interpretation: [{ text: 'high' }], referenceRange: [{ text: 'n' }] },
      ],
    });
  });
  after(() => server.close());

  const patientSummary = (): Record<string, unknown> => ({
    resourceType: 'Patient',
    id: patient.id,
    identifier: patient.identifier,
    active: true,
    // HumanName's own children are summary; its extension (Element.extension) is not.
    name: [{ family: 'Müller', given: ['Anna'] }],
    birthDate: '1980-05-15',
    // Patient.link is summary and so are link.other and link.type; link.extension is not.
    link: [{ other: { reference: 'Patient/other' }, type: 'seealso' }],
  });

  it('read keeps only the summary elements, at every level, with id and meta, tagged SUBSETTED', async () => {
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}?_summary=true`);
    expect(read.status).to.equal(200);
    // text, extension, maritalStatus, contact (not summary) and _birthDate (its extension) are gone.
    expect(withoutServerMeta(read.body)).to.deep.equal(patientSummary());
    expect(read.body?.meta?.tag).to.deep.include(TAG);
    expect(read.body?.meta?.versionId).to.equal(patient.meta?.versionId);
  });

  it('vread answers the same summary of that version', async () => {
    const vread = await call<Patient>(server, 'GET', `Patient/${patient.id}/_history/1?_summary=true`);
    expect(withoutServerMeta(vread.body)).to.deep.equal(patientSummary());
  });

  it('search summarises each match the same way', async () => {
    const result = await bundle(server, `Patient?_id=${patient.id}&_summary=true`);
    expect(withoutServerMeta(firstMatch(result))).to.deep.equal(patientSummary());
  });

  it('a backbone element keeps its summary children only (Observation.component)', async () => {
    const result = await bundle(server, `Observation?_id=${observation.id}&_summary=true`);
    expect(withoutServerMeta(firstMatch(result))).to.deep.equal({
      resourceType: 'Observation',
      id: observation.id,
      status: 'final',
      code: LOINC_BP,
      subject: { reference: `Patient/${patient.id}` },
      // component.code and component.value[x] are summary; interpretation and referenceRange are not.
      component: [{ code: LOINC_BP, valueQuantity: MMHG }],
    });
  });

  it('compartment search summarises the same way (compartmentdefinition.html)', async () => {
    const compartment = await bundle(server, `Patient/${patient.id}/Observation?_summary=true`);
    const found = withoutServerMeta(firstMatch(compartment));
    expect(found).to.include({ id: observation.id, status: 'final' });
    expect(found).to.not.have.any.keys('note', 'referenceRange');
  });

  it('is declared in the CapabilityStatement (rest.documentation)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.rest?.[0]?.documentation).to.match(
      /_summary: true \(the elements the base StructureDefinitions mark isSummary/,
    );
  });

  it('leaves the stored resource whole and untagged', async () => {
    await call(server, 'GET', `Patient/${patient.id}?_summary=true`);
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}`);
    expect(read.body).to.deep.equal(patient);
  });
});
