import type { Bundle, CapabilityStatement, Parameters, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const JSON_PATCH = { 'Content-Type': 'application/json-patch+json' };

function fhirPathPatch(...operations: Array<Record<string, unknown>>): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: operations.map((operation) => ({
      name: 'operation',
      part: Object.entries(operation).map(([name, value]) =>
        name === 'type'
          ? { name, valueCode: value }
          : typeof value === 'number'
            ? { name, valueInteger: value }
            : name === 'path' || name === 'name'
              ? { name, valueString: value }
              : { name, ...(value as object) },
      ),
    })),
  } as Parameters;
}

describe('http.html#patch — PATCH', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, {
      resourceType: 'Patient',
      active: true,
      name: [{ family: 'Chalmers', given: ['Peter', 'James'] }],
      identifier: [{ system: 'urn:mrn', value: '1' }],
    });
    server.clock.advance(1000);
  });
  afterEach(() => server.close());

  const patchPatient = (body: unknown, headers: Record<string, string> = JSON_PATCH) =>
    call<Patient>(server, 'PATCH', `Patient/${patient.id}`, { body, headers });

  describe('JSON Patch (RFC 6902, application/json-patch+json)', () => {
    it('applies the operations and stores a new version (http.html#patch)', async () => {
      const result = await patchPatient([
        { op: 'replace', path: '/active', value: false },
        { op: 'add', path: '/name/0/given/-', value: 'Jim' },
        { op: 'remove', path: '/identifier' },
      ]);
      expect(result.status).to.equal(200);
      expect(result.headers.get('etag')).to.equal('W/"2"');
      expect(result.body?.active).to.equal(false);
      expect(result.body?.name?.[0]?.given).to.deep.equal(['Peter', 'James', 'Jim']);
      expect(result.body?.identifier).to.equal(undefined);
      expect(result.body?.meta?.versionId).to.equal('2');
      expect((await call<Patient>(server, 'GET', `Patient/${patient.id}`)).body).to.deep.equal(result.body);
    });

    it('a failing test operation is a 422 and changes nothing (RFC 6902 §4.6)', async () => {
      const outcome = expectOutcome(
        await patchPatient([
          { op: 'test', path: '/active', value: false },
          { op: 'remove', path: '/name' },
        ]),
        422,
      );
      expect(outcome.issue[0]?.expression).to.deep.equal(['Patch[0]']);
      expect((await bundle(server, `Patient/${patient.id}/_history`)).total).to.equal(1);
    });

    it('a path that names nothing is a 422, a malformed operation a 400 (RFC 6902 §5)', async () => {
      expectOutcome(await patchPatient([{ op: 'replace', path: '/birthDate', value: '2000-01-01' }]), 422);
      expectOutcome(await patchPatient([{ op: 'frobnicate', path: '/active' }]), 400);
      expectOutcome(await patchPatient({ op: 'replace' }), 400);
    });

    it('a move into its own child is a 400, never a 500 (RFC 6902 §4.4)', async () => {
      for (const path of ['/name/1', '/name/0']) {
        const outcome = expectOutcome(await patchPatient([{ op: 'move', from: '/name', path }]), 400);
        expect(outcome.issue[0]?.expression).to.deep.equal(['Patch[0]']);
      }
      expect((await bundle(server, `Patient/${patient.id}/_history`)).total).to.equal(1);
    });

    it('__proto__, constructor and prototype segments are a 400 and pollute nothing (RFC 6902 §4)', async () => {
      const patches = [
        [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
        [{ op: 'move', from: '/active', path: '/__proto__/polluted' }],
        [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
        [{ op: 'copy', from: '/__proto__', path: '/name/0/family' }],
      ];
      for (const operations of patches) expectOutcome(await patchPatient(operations), 400);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect((await bundle(server, `Patient/${patient.id}/_history`)).total).to.equal(1);
    });

    it('a result that is not a valid resource is refused like an update (http.html#update)', async () => {
      expectOutcome(await patchPatient([{ op: 'replace', path: '/active', value: 'yes' }]), 400);
      expectOutcome(await patchPatient([{ op: 'add', path: '/colour', value: 'red' }]), 400);
    });

    it('a patch may not change id or resourceType (http.html#patch)', async () => {
      expectOutcome(await patchPatient([{ op: 'replace', path: '/id', value: 'other' }]), 400);
      expectOutcome(await patchPatient([{ op: 'replace', path: '/resourceType', value: 'Person' }]), 400);
    });

    it('a patch that changes nothing writes no version (http.html#update)', async () => {
      const result = await patchPatient([{ op: 'replace', path: '/active', value: true }]);
      expect(result.status).to.equal(200);
      expect(result.headers.get('etag')).to.equal('W/"1"');
    });

    it('a missing resource is 404, a deleted one 410 (http.html#patch)', async () => {
      expectOutcome(await call(server, 'PATCH', 'Patient/nope', { body: [], headers: JSON_PATCH }), 404);
      await call(server, 'DELETE', `Patient/${patient.id}`);
      expectOutcome(await patchPatient([{ op: 'replace', path: '/active', value: false }]), 410);
    });
  });

  describe('FHIRPath Patch (fhirpatch.html)', () => {
    const FHIR = { 'Content-Type': 'application/fhir+json' };

    it('add, insert, replace, delete and move (fhirpatch.html)', async () => {
      const body = fhirPathPatch(
        { type: 'replace', path: 'Patient.active', value: { valueBoolean: false } },
        { type: 'add', path: 'Patient', name: 'birthDate', value: { valueDate: '1974-12-25' } },
        {
          type: 'add',
          path: 'Patient',
          name: 'telecom',
          value: { valueContactPoint: { system: 'phone', value: '1' } },
        },
        { type: 'insert', path: 'Patient.name[0].given', value: { valueString: 'Jim' }, index: 0 },
        { type: 'move', path: 'Patient.name[0].given', source: 2, destination: 0 },
        { type: 'delete', path: "Patient.identifier.where(system='urn:mrn')" },
      );
      const result = await patchPatient(body, FHIR);
      expect(result.status, result.text).to.equal(200);
      expect(result.body?.active).to.equal(false);
      expect(result.body?.birthDate).to.equal('1974-12-25');
      expect(result.body?.telecom).to.deep.equal([{ system: 'phone', value: '1' }]);
      expect(result.body?.name?.[0]?.given).to.deep.equal(['James', 'Jim', 'Peter']);
      expect(result.body?.identifier).to.equal(undefined);
    });

    it('a complex value built from parts, and insert into an empty list (fhirpatch.html#value)', async () => {
      const contact = {
        name: 'value',
        part: [
          { name: 'gender', valueCode: 'female' },
          { name: 'name', valueHumanName: { family: 'Z' } },
        ],
      };
      const body = fhirPathPatch({ type: 'insert', path: 'Patient.contact', index: 0, value: {} });
      const parts = body.parameter?.[0]?.part ?? [];
      parts.splice(
        parts.findIndex((part) => part.name === 'value'),
        1,
        contact,
      );
      const result = await patchPatient(body, FHIR);
      expect(result.status, result.text).to.equal(200);
      expect(result.body?.contact).to.deep.equal([{ gender: 'female', name: { family: 'Z' } }]);
    });

    it('delete of nothing is no error; replace of nothing or of several is a 422 (fhirpatch.html)', async () => {
      expect((await patchPatient(fhirPathPatch({ type: 'delete', path: 'Patient.birthDate' }), FHIR)).status).to.equal(
        200,
      );
      expectOutcome(
        await patchPatient(
          fhirPathPatch({ type: 'replace', path: 'Patient.birthDate', value: { valueDate: '2000' } }),
          FHIR,
        ),
        422,
      );
      expectOutcome(
        await patchPatient(
          fhirPathPatch({ type: 'replace', path: 'Patient.name.given', value: { valueString: 'x' } }),
          FHIR,
        ),
        422,
      );
      expectOutcome(
        await patchPatient(
          fhirPathPatch({ type: 'add', path: 'Patient', name: 'active', value: { valueBoolean: false } }),
          FHIR,
        ),
        422,
      );
    });

    it('an unknown type or an invalid FHIRPath is a 400 (fhirpatch.html)', async () => {
      expectOutcome(await patchPatient(fhirPathPatch({ type: 'upsert', path: 'Patient.active' }), FHIR), 400);
      expectOutcome(await patchPatient(fhirPathPatch({ type: 'delete', path: 'Patient.(' }), FHIR), 400);
      expectOutcome(await patchPatient({ resourceType: 'Patient' }, FHIR), 400);
    });
  });

  describe('If-Match and conditional patch (http.html#concurrency, #patch)', () => {
    const body = [{ op: 'replace', path: '/active', value: false }];

    it('If-Match with the current version applies, with a stale one is a 412 (http.html#concurrency)', async () => {
      expectOutcome(await patchPatient(body, { ...JSON_PATCH, 'If-Match': 'W/"0"' }), 412);
      expect((await patchPatient(body, { ...JSON_PATCH, 'If-Match': 'W/"1"' })).status).to.equal(200);
    });

    it('PATCH [type]?[search]: one match is patched, none a 404, several a 412 (http.html#patch)', async () => {
      const patchWhere = (query: string) =>
        call<Patient>(server, 'PATCH', `Patient?${query}`, { body, headers: JSON_PATCH });
      const one = await patchWhere('identifier=urn:mrn|1');
      expect(one.status).to.equal(200);
      expect(one.body?.id).to.equal(patient.id);
      expectOutcome(await patchWhere('identifier=urn:mrn|2'), 404);
      await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Chalmers' }] });
      expectOutcome(await patchWhere('family=Chalmers'), 412);
      expectOutcome(await call(server, 'PATCH', 'Patient', { body, headers: JSON_PATCH }), 400);
    });
  });

  describe('PATCH inside batch and transaction (bundle.html, http.html#patch)', () => {
    const binaryPatch = (operations: unknown) => ({
      resourceType: 'Binary',
      contentType: 'application/json-patch+json',
      data: Buffer.from(JSON.stringify(operations)).toString('base64'),
    });

    it('a batch carries JSON Patch as a Binary and FHIRPath Patch as Parameters', async () => {
      const result = await call<Bundle>(server, 'POST', '', {
        body: {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            {
              request: { method: 'PATCH', url: `Patient/${patient.id}` },
              resource: binaryPatch([{ op: 'replace', path: '/active', value: false }]),
            },
            {
              request: { method: 'PATCH', url: `Patient/${patient.id}` },
              resource: fhirPathPatch({ type: 'add', path: 'Patient', name: 'gender', value: { valueCode: 'male' } }),
            },
            { request: { method: 'PATCH', url: 'Patient/nope' }, resource: binaryPatch([]) },
          ],
        },
      });
      expect(result.body?.entry?.map((e) => e.response?.status)).to.deep.equal(['200 OK', '200 OK', '404 Not Found']);
      const read = (await call<Patient>(server, 'GET', `Patient/${patient.id}`)).body;
      expect([read?.active, read?.gender, read?.meta?.versionId]).to.deep.equal([false, 'male', '3']);
    });

    it('a move into its own child or a __proto__ path is a 400 in batch and transaction (RFC 6902 §4.4)', async () => {
      const bad = [
        binaryPatch([{ op: 'move', from: '/name', path: '/name/1' }]),
        binaryPatch([{ op: 'add', path: '/__proto__/polluted', value: 'yes' }]),
      ];
      const request = (resource: unknown) => ({ request: { method: 'PATCH', url: `Patient/${patient.id}` }, resource });
      const batch = await call<Bundle>(server, 'POST', '', {
        body: { resourceType: 'Bundle', type: 'batch', entry: bad.map(request) },
      });
      expect(batch.body?.entry?.map((e) => e.response?.status)).to.deep.equal(['400 Bad Request', '400 Bad Request']);
      for (const resource of bad) {
        const body = { resourceType: 'Bundle', type: 'transaction', entry: [request(resource)] };
        expectOutcome(await call(server, 'POST', '', { body }), 400);
      }
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect((await bundle(server, `Patient/${patient.id}/_history`)).total).to.equal(1);
    });

    it('a transaction with a failing patch applies nothing (http.html#transaction)', async () => {
      const result = await call(server, 'POST', '', {
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient' } },
            {
              request: { method: 'PATCH', url: 'Patient?identifier=urn:mrn|1' },
              resource: binaryPatch([{ op: 'test', path: '/active', value: false }]),
            },
          ],
        },
      });
      expectOutcome(result, 422);
      expect((await bundle(server, 'Patient')).total).to.equal(1);
      const ok = await call<Bundle>(server, 'POST', '', {
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              request: { method: 'PATCH', url: 'Patient?identifier=urn:mrn|1' },
              resource: binaryPatch([{ op: 'replace', path: '/active', value: false }]),
            },
          ],
        },
      });
      expect(ok.body?.entry?.[0]?.response?.status).to.equal('200 OK');
    });
  });

  it('the CapabilityStatement declares patch and its formats (capabilitystatement.html)', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    expect(statement?.patchFormat).to.deep.equal([
      'application/json-patch+json',
      'application/fhir+json',
      'application/fhir+xml',
    ]);
    const patientCaps = statement?.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patientCaps?.interaction?.map((i) => i.code)).to.include('patch');
  });
});
