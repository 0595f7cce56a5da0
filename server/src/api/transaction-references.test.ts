import type {
  Bundle,
  BundleEntry,
  DocumentReference,
  Encounter,
  Observation,
  Patient,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const uuid = (n: number) => `urn:uuid:6b1c2d3e-4f50-4a6b-8c7d-${String(n).padStart(12, '0')}`;
const [PATIENT, ENCOUNTER, CONDITION, BINARY, QUESTIONNAIRE] = [1, 2, 3, 4, 5].map(uuid);

const post = (fullUrl: string | undefined, resource: Resource): BundleEntry => ({
  ...(fullUrl ? { fullUrl } : {}),
  resource,
  request: { method: 'POST', url: resource.resourceType },
});

/**
 * A Synthea-shaped transaction: links to entries (urn:uuid) and conditional references
 * (`Practitioner?identifier=…`) at every depth a real feed puts them.
 */
function syntheaLike(): BundleEntry[] {
  return [
    post(PATIENT, {
      resourceType: 'Patient',
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><a href="${ENCOUNTER}">visit</a> <img src="${BINARY}" alt="scan"/> <a href="http://example.org/x">other</a></div>`,
      },
      extension: [{ url: 'http://example.org/fhir/registered-at', valueReference: { reference: ENCOUNTER } }],
      birthDate: '1970-01-01',
      _birthDate: {
        extension: [{ url: 'http://example.org/fhir/recorded-at', valueReference: { reference: ENCOUNTER } }],
      },
    } as Patient),
    post(ENCOUNTER, {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: PATIENT },
      participant: [{ individual: { reference: `Practitioner?identifier=${NPI}|9999912345` } }],
      diagnosis: [{ condition: { reference: CONDITION } }],
    }),
    post(CONDITION, {
      resourceType: 'Condition',
      subject: { reference: PATIENT },
      encounter: { reference: ENCOUNTER },
    }),
    post(undefined, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'glucose' },
      subject: { reference: PATIENT },
      // A contained resource pointing back out of its container, at another entry.
      contained: [{ resourceType: 'Specimen', id: 'blood', subject: { reference: PATIENT } }],
      specimen: { reference: '#blood' },
    }),
    post(BINARY, { resourceType: 'Binary', contentType: 'text/plain', data: 'aGVsbG8=' }),
    post(undefined, {
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: PATIENT },
      content: [{ attachment: { contentType: 'text/plain', url: BINARY } }],
      context: { encounter: [{ reference: ENCOUNTER }] },
    }),
    post(QUESTIONNAIRE, { resourceType: 'Questionnaire', status: 'active' }),
    post(undefined, {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: QUESTIONNAIRE,
      subject: { reference: PATIENT },
    }),
  ];
}

describe('http.html#trules — links to Bundle entries replaced anywhere in a resource', () => {
  let server: TestServer;
  let ids: string[] = [];
  const read = async <T extends Resource>(index: number): Promise<T> => {
    const [type, id] = ids[index]?.split('/') ?? [];
    return (await call<T>(server, 'GET', `${type ?? ''}/${id ?? ''}`)).body as T;
  };

  before(async () => {
    server = await startTestServer();
    const practitioner = await created(server, {
      resourceType: 'Practitioner',
      identifier: [{ system: NPI, value: '9999912345' }],
    });
    ids = [`Practitioner/${practitioner.id}`];
    const result = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry: syntheaLike() },
    });
    expect(result.status, result.text).to.equal(200);
    ids = (result.body?.entry ?? []).map((e) => (e.response?.location ?? '').split('/').slice(0, 2).join('/'));
    ids.push(`Practitioner/${practitioner.id}`);
  });

  after(() => server.close());

  it('in Reference.reference of extensions, primitive extensions and nested backbone elements', async () => {
    const patient = await read<Patient>(0);
    expect(patient.extension?.[0]?.valueReference?.reference).to.equal(ids[1]);
    const birthDateExtension = (patient as Patient & { _birthDate?: { extension?: Patient['extension'] } })._birthDate
      ?.extension?.[0];
    expect(birthDateExtension?.valueReference?.reference).to.equal(ids[1]);
    const encounter = await read<Encounter>(1);
    expect(encounter.subject?.reference).to.equal(ids[0]);
    expect(encounter.diagnosis?.[0]?.condition?.reference).to.equal(ids[2]);
  });

  it('conditional references (Practitioner?identifier=…) in nested elements resolve to the one match', async () => {
    const encounter = await read<Encounter>(1);
    expect(encounter.participant?.[0]?.individual?.reference).to.equal(ids[8]);
  });

  it('in contained resources pointing back out, leaving #local references alone', async () => {
    const observation = await read<Observation>(3);
    expect((observation.contained?.[0] as { subject?: { reference?: string } }).subject?.reference).to.equal(ids[0]);
    expect(observation.specimen?.reference).to.equal('#blood');
  });

  it('in elements of type url (Attachment.url) and narrative <a href>/<img src>, as absolute URLs', async () => {
    const document = await read<DocumentReference>(5);
    expect(document.content[0]?.attachment.url).to.equal(`${server.baseUrl}/${ids[4] ?? ''}`);
    expect(document.context?.encounter?.[0]?.reference).to.equal(ids[1]);
    const div = (await read<Patient>(0)).text?.div ?? '';
    expect(div).to.include(`<a href="${server.baseUrl}/${ids[1] ?? ''}">visit</a>`);
    expect(div).to.include(`<img src="${server.baseUrl}/${ids[4] ?? ''}" alt="scan"/>`);
    expect(div, 'links to no entry stay').to.include('<a href="http://example.org/x">other</a>');
  });

  it('not in elements of type canonical (QuestionnaireResponse.questionnaire)', async () => {
    const response = await read<QuestionnaireResponse>(7);
    expect(response.questionnaire).to.equal(QUESTIONNAIRE);
    expect(response.subject?.reference).to.equal(ids[0]);
  });
});
