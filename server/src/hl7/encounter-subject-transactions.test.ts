import { mapMessage, parseHl7 } from '@nexushealth/adapters';
import type { Bundle, DiagnosticReport, Encounter, Resource } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../api/test-server.js';

const msh = (type: string, control: string): string =>
  `MSH|^~\\&|LAB|HOSP|NEXUS|NH|20240301080000||${type}|${control}|P|2.5.1`;
const pid = (mrn: string, name: string): string => `PID|1||${mrn}^^^HOSP&1.2.3&ISO^MR||${name}^PAT||19800101|F`;
const pv1 = 'PV1|1|I|W1^1^1||||||||||||||||V100^^^HOSP&1.2.3&ISO^VN';
const oru = (control: string, mrn: string, filler: string): string =>
  [
    msh('ORU^R01^ORU_R01', control),
    pid(mrn, 'RESULT'),
    pv1,
    `OBR|1|P-${filler}|${filler}|GLU^Glucose^L|||20240301070000`,
    'OBX|1|NM|GLU^Glucose^L||5.5|mmol/L|||||F',
  ].join('\r');

/**
 * A result's Encounter is the visit of the result's patient (R4 observation.html#Observation.encounter,
 * diagnosticreport.html: "the healthcare event … about the subject"): PV1-19 matches only together with
 * PID-3's Patient, through the chained criterion the server evaluates (search.html#chaining).
 */
describe('V2-to-FHIR PV1[Encounter] outside ADT — the visit of the same patient (search.html#chaining)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  const apply = async (er7: string): Promise<number> => {
    const { bundle } = mapMessage(parseHl7(er7));
    const response = await fetch(server.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(bundle),
    });
    return response.status;
  };
  const search = async <T extends Resource>(query: string): Promise<T[]> => {
    const bundle = (await (await fetch(`${server.baseUrl}/${query}`)).json()) as Bundle<T>;
    return (bundle.entry ?? []).flatMap((e) => e.resource ?? []);
  };
  const encounterSubject = async (filler: string): Promise<string | undefined> => {
    const [report] = await search<DiagnosticReport>(`DiagnosticReport?identifier=urn:nexushealth:hl7v2:HOSP|${filler}`);
    const reference = report?.encounter?.reference;
    expect(reference).to.be.a('string');
    const [encounter] = await search<Encounter>(`Encounter?_id=${reference?.split('/')[1] ?? ''}`);
    return encounter?.subject?.reference;
  };

  it("another patient's visit number never links a result to that patient's Encounter", async () => {
    const a01 = [msh('ADT^A01^ADT_A01', 'E1'), 'EVN|A01|20240301080000', pid('MRN-A', 'FIRST'), pv1].join('\r');
    expect(await apply(a01)).to.equal(200);
    expect(await apply(oru('E2', 'MRN-B', 'F-B'))).to.equal(200);
    const [patientB] = await search<Resource>('Patient?identifier=urn:oid:1.2.3|MRN-B');
    expect(await encounterSubject('F-B')).to.equal(`Patient/${patientB?.id ?? ''}`);
  });

  it("the same patient's result links to the Encounter ADT recorded", async () => {
    expect(await apply(oru('E3', 'MRN-A', 'F-A'))).to.equal(200);
    const [patientA] = await search<Resource>('Patient?identifier=urn:oid:1.2.3|MRN-A');
    const encounters = await search<Encounter>('Encounter?subject:Patient.identifier=urn:oid:1.2.3|MRN-A');
    expect(encounters).to.have.length(1);
    expect(await encounterSubject('F-A')).to.equal(`Patient/${patientA?.id ?? ''}`);
  });
});
