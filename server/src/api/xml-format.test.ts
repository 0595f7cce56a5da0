import type { Bundle, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { jsonToXml } from '../http/xml/json-to-xml.js';
import { call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const XML = 'application/fhir+xml';
const asXml = { 'Content-Type': XML, Accept: XML };

const patientXml = `<?xml version="1.0" encoding="UTF-8"?>
<Patient xmlns="http://hl7.org/fhir">
  <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>Ann <b>Lee</b></p></div></text>
  <active value="true"/>
  <name><family value="Lee"/><given value="Ann"/><given id="g2" value="Mary"/></name>
  <birthDate value="1970-01-02"/>
</Patient>`;

describe('http.html#mime-type — FHIR XML in and out (xml.html)', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('a resource created in XML reads back in JSON, the same content (http.html#create)', async () => {
    const createdXml = await call<Patient>(server, 'POST', 'Patient', { body: patientXml, headers: asXml });
    expect(createdXml.status, createdXml.text).to.equal(201);
    expect(createdXml.headers.get('content-type')).to.match(/^application\/fhir\+xml/);
    const read = await call<Patient>(server, 'GET', `Patient/${createdXml.body?.id}`);
    expect(read.headers.get('content-type')).to.match(/^application\/fhir\+json/);
    expect(read.body?.name).to.deep.equal([{ family: 'Lee', given: ['Ann', 'Mary'], _given: [null, { id: 'g2' }] }]);
    expect(read.body?.active).to.equal(true);
    expect(read.body?.text?.div).to.equal('<div xmlns="http://www.w3.org/1999/xhtml"><p>Ann <b>Lee</b></p></div>');
  });

  it('a resource created in JSON reads back in XML, in element order (http.html#read)', async () => {
    const observation = await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'weight' },
      valueQuantity: { value: 0.0000125, unit: 'kg' },
    });
    const read = await call<Observation>(server, 'GET', `Observation/${observation.id}`, { headers: { Accept: XML } });
    expect(read.text).to.contain('<valueQuantity><value value="0.0000125"/><unit value="kg"/></valueQuantity>');
    expect(read.text.indexOf('<status')).to.be.lessThan(read.text.indexOf('<code>'));
    expect(read.body?.valueQuantity).to.deep.equal({ value: 0.0000125, unit: 'kg' });
  });

  it('an update in XML is stored (http.html#update)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: false });
    const body = `<Patient xmlns="http://hl7.org/fhir"><id value="${patient.id}"/><active value="true"/></Patient>`;
    const answer = await call(server, 'PUT', `Patient/${patient.id}`, {
      body,
      headers: { 'Content-Type': 'text/xml' },
    });
    expect(answer.status, answer.text).to.equal(200);
    expect((await call<Patient>(server, 'GET', `Patient/${patient.id}`)).body?.active).to.equal(true);
  });

  it('a FHIRPath Patch sent as XML Parameters is applied (http.html#patch, fhirpatch.html)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    const part = (name: string, value: string) => `<part><name value="${name}"/>${value}</part>`;
    const operation = [
      part('type', '<valueCode value="replace"/>'),
      part('path', '<valueString value="Patient.active"/>'),
      part('value', '<valueBoolean value="false"/>'),
    ].join('');
    const body = `<Parameters xmlns="http://hl7.org/fhir"><parameter><name value="operation"/>${operation}</parameter></Parameters>`;
    const answer = await call<Patient>(server, 'PATCH', `Patient/${patient.id}`, { body, headers: asXml });
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.text).to.contain('<active value="false"/>');
  });

  it('search and history answer their Bundles in XML, entries wrapped in their type (http.html#search)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', gender: 'female' });
    const search = await call<Bundle>(server, 'GET', 'Patient?gender=female&_format=xml');
    expect(search.text).to.match(/<entry>.*<resource><Patient><id value="[^"]+"\/>/s);
    expect(search.body?.type).to.equal('searchset');
    expect(search.body?.entry?.map((e) => e.resource?.id)).to.deep.equal([patient.id]);
    // _format is no search parameter and no ignored one; the links keep it, so paging stays in XML.
    expect(search.text).not.to.match(/OperationOutcome|ignored/);
    expect(search.body?.link?.find((l) => l.relation === 'self')?.url).to.match(/[?&]_format=xml(&|$)/);
    const history = await call<Bundle>(server, 'GET', `Patient/${patient.id}/_history?_format=xml`);
    expect(history.body?.type).to.equal('history');
    expect(history.body?.entry?.[0]?.request?.method).to.equal('POST');
    expect(history.body?.link?.find((l) => l.relation === 'self')?.url).to.match(/[?&]_format=xml(&|$)/);
  });

  it('a transaction posted as XML is processed and answered in XML (http.html#transaction)', async () => {
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a',
          resource: { resourceType: 'Patient', active: true },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const answer = await call<Bundle>(server, 'POST', '', { body: jsonToXml(transaction), headers: asXml });
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.text).to.contain('<type value="transaction-response"/>');
    expect(answer.body?.entry?.map((e) => e.response?.status.split(' ')[0])).to.deep.equal(['201', '201']);
  });

  it('a batch posted as XML answers a batch-response (http.html#transaction)', async () => {
    const batch = `<Bundle xmlns="http://hl7.org/fhir"><type value="batch"/>
      <entry><request><method value="GET"/><url value="Patient/missing"/></request></entry></Bundle>`;
    const answer = await call<Bundle>(server, 'POST', '', { body: batch, headers: asXml });
    expect(answer.body?.type).to.equal('batch-response');
    expect(answer.text).to.match(/<outcome><OperationOutcome>/);
  });

  it('without an Accept header the answer, an error too, is in the request format (http.html#mime-type)', async () => {
    const post = (body: string, accept?: string) =>
      new Promise<{ status: number; type: string }>((resolve, reject) => {
        const headers: Record<string, string> = { 'Content-Type': XML, ...(accept ? { Accept: accept } : {}) };
        const req = httpRequest(`${server.baseUrl}/Patient`, { method: 'POST', headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '' }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const invalid = '<Patient xmlns="http://hl7.org/fhir"><active value="yes"/></Patient>';
    for (const accept of [undefined, '*/*']) {
      const error = await post(invalid, accept);
      expect([error.status, error.type]).to.deep.equal([400, 'application/fhir+xml; charset=utf-8']);
      const ok = await post('<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>', accept);
      expect([ok.status, ok.type]).to.deep.equal([201, 'application/fhir+xml; charset=utf-8']);
    }
  });

  it('an error to a client that asked for XML is an XML OperationOutcome (http.html#ops)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient/missing', { headers: { Accept: XML } }), 404, 'xml');
    const invalid = '<Patient xmlns="http://hl7.org/fhir"><active value="yes"/></Patient>';
    const outcome = expectOutcome(await call(server, 'POST', 'Patient', { body: invalid, headers: asXml }), 400, 'xml');
    expect(outcome.issue[0]?.expression).to.deep.equal(['Patient.active']);
  });

  it('a JSON body may be answered in XML and an XML body in JSON (http.html#mime-type)', async () => {
    const json = await call<Patient>(server, 'POST', 'Patient?_format=xml', { body: { resourceType: 'Patient' } });
    expect(json.text).to.match(/<Patient xmlns="http:\/\/hl7.org\/fhir">/);
    const xml = await call<Patient>(server, 'POST', 'Patient', {
      body: patientXml,
      headers: { 'Content-Type': XML },
    });
    expect(JSON.parse(xml.text)).to.include({ resourceType: 'Patient', active: true });
  });

  it('_pretty=true indents the XML (http.html#parameters)', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
    const read = await call(server, 'GET', `Patient/${patient.id}?_format=xml&_pretty=true`);
    expect(read.text).to.contain('\n  <active value="true"/>');
  });

  it('a stored narrative that is not well-formed XHTML is a 406 in XML, never injected markup', async () => {
    const div = '<div xmlns="http://www.w3.org/1999/xhtml">x</div></text><active value="false"/><text><div>';
    // Written past validation (which now refuses it, txt-1): data stored before that rule.
    const patient = { resourceType: 'Patient', id: 'old', text: { status: 'generated', div } } as const;
    const lastUpdated = '2026-01-01T00:00:00.000Z';
    await server.store.commit([
      {
        record: {
          resourceType: 'Patient',
          id: patient.id,
          versionId: '1',
          lastUpdated,
          deleted: false,
          resource: { ...patient, meta: { versionId: '1', lastUpdated } },
          idx: {},
          compartments: [],
        },
        expectedVersionId: null,
      },
    ]);
    const read = await call<OperationOutcome>(server, 'GET', `Patient/${patient.id}`, { headers: { Accept: XML } });
    expectOutcome(read, 406, 'xml');
    expect(read.body?.issue[0]?.expression).to.deep.equal(['Patient.text.div']);
  });
});
