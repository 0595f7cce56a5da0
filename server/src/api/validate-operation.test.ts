import type { Bundle, CapabilityStatement, OperationOutcome, Parameters, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { jsonToXml } from '../http/xml/json-to-xml.js';
import { call, created, type CallResult } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const XML = 'application/fhir+xml';
const VALID: Patient = { resourceType: 'Patient', active: true };
const INVALID = { resourceType: 'Patient', birthDate: '1990-13-45' };

/** The 200 answer of $validate: its OperationOutcome (resource-operation-validate.html). */
function outcomeOf(result: CallResult): OperationOutcome {
  expect(result.status, result.text).to.equal(200);
  expect(result.body?.resourceType).to.equal('OperationOutcome');
  return result.body as OperationOutcome;
}

/** Nothing wrong: no error and no warning (best-practice advice such as dom-6 is information). */
function allOk(result: CallResult): void {
  const issues = outcomeOf(result).issue;
  expect(issues.filter((i) => i.severity !== 'information')).to.deep.equal([]);
  expect(issues).to.have.length.greaterThan(0);
}

function errorsOf(result: CallResult): Array<{ code: string; expression: string[] | undefined }> {
  return outcomeOf(result)
    .issue.filter((i) => i.severity === 'error')
    .map((i) => ({ code: i.code, expression: i.expression }));
}

function validateParameters(parameter?: Parameters['parameter']): Parameters {
  return parameter ? { resourceType: 'Parameters', parameter } : { resourceType: 'Parameters' };
}

describe('resource-operation-validate.html — $validate', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('type level: a valid resource posted bare answers 200 All OK (resource-operation-validate.html)', async () => {
    allOk(await call(server, 'POST', 'Patient/$validate', { body: VALID }));
  });

  it('an invalid resource is 200 with its error issues and paths, and nothing is stored (resource-operation-validate.html)', async () => {
    const before = await storedState(server.store);
    const result = await call(server, 'POST', 'Patient/$validate', { body: INVALID });
    expect(errorsOf(result)).to.deep.equal([{ code: 'value', expression: ['Patient.birthDate'] }]);
    expect(await storedState(server.store)).to.deep.equal(before);
  });

  it('the resource parameter of a Parameters body is judged, not refused with the Parameters (operations.html#request)', async () => {
    const body = validateParameters([{ name: 'resource', resource: INVALID as Patient }]);
    expect(errorsOf(await call(server, 'POST', 'Patient/$validate', { body }))).to.have.length(1);
    const ok = validateParameters([{ name: 'resource', resource: VALID }]);
    allOk(await call(server, 'POST', 'Patient/$validate', { body: ok }));
  });

  it('a resource of another type than the URL names is 400: it cannot be judged as one (resource-operation-validate.html)', async () => {
    expectOutcome(await call(server, 'POST', 'Observation/$validate', { body: VALID }), 400);
  });

  it('without a resource, at type level, is 400 (resource-operation-validate.html "must be present unless the mode is delete")', async () => {
    expectOutcome(await call(server, 'POST', 'Patient/$validate', { body: validateParameters() }), 400);
    const create = validateParameters([{ name: 'mode', valueCode: 'create' }]);
    expectOutcome(await call(server, 'POST', 'Patient/$validate', { body: create }), 400);
  });

  it('instance level without a resource judges the stored current version; a missing one is 404 (resource-operation-validate.html)', async () => {
    const patient = await created(server, VALID);
    allOk(await call(server, 'GET', `Patient/${patient.id}/$validate`));
    allOk(await call(server, 'POST', `Patient/${patient.id}/$validate`, { body: validateParameters() }));
    expectOutcome(await call(server, 'GET', 'Patient/missing/$validate'), 404);
  });

  it('mode create: the content as a create judges it; an id is told to be ignored (http.html#create)', async () => {
    const body = validateParameters([
      { name: 'resource', resource: { ...VALID, id: 'mine' } },
      { name: 'mode', valueCode: 'create' },
    ]);
    const issues = outcomeOf(await call(server, 'POST', 'Patient/$validate', { body })).issue;
    expect(issues.map((i) => [i.severity, i.expression])).to.deep.equal([
      ['information', ['Patient']], // dom-6: best practice, a resource should have narrative
      ['information', ['Patient.id']],
    ]);
  });

  it('mode update: the body must carry the URL id; an append-only type refuses (http.html#update)', async () => {
    const patient = await created(server, VALID);
    const update = (resource: object, path: string) =>
      call(server, 'POST', path, {
        body: validateParameters([
          { name: 'resource', resource: resource as Patient },
          { name: 'mode', valueCode: 'update' },
        ]),
      });
    allOk(await update({ ...VALID, id: patient.id }, `Patient/${patient.id}/$validate`));
    const other = await update({ ...VALID, id: 'other' }, `Patient/${patient.id}/$validate`);
    expect(errorsOf(other)).to.deep.equal([{ code: 'invalid', expression: ['Patient.id'] }]);
    const audit = { resourceType: 'AuditEvent', id: 'a1' };
    expect(errorsOf(await update(audit, 'AuditEvent/a1/$validate')).map((e) => e.code)).to.include('not-supported');
  });

  it('modes update and delete only at instance level: 400 at type level (resource-operation-validate.html)', async () => {
    for (const mode of ['update', 'delete']) {
      const body = validateParameters([
        { name: 'resource', resource: VALID },
        { name: 'mode', valueCode: mode },
      ]);
      expectOutcome(await call(server, 'POST', 'Patient/$validate', { body }), 400);
    }
    expectOutcome(await call(server, 'POST', 'Patient/$validate?mode=nonsense', { body: VALID }), 400);
  });

  it('mode delete: a stored resource may be deleted, an AuditEvent never (resource-operation-validate.html, auditevent.html)', async () => {
    const patient = await created(server, VALID);
    allOk(await call(server, 'GET', `Patient/${patient.id}/$validate?mode=delete`));
    const missing = outcomeOf(await call(server, 'GET', 'Patient/missing/$validate?mode=delete'));
    expect(missing.issue.map((i) => i.severity)).to.deep.equal(['information']);
    const audit = await call(server, 'GET', 'AuditEvent/any/$validate?mode=delete');
    expect(errorsOf(audit).map((e) => e.code)).to.deep.equal(['not-supported']);
    expect((await call(server, 'GET', `Patient/${patient.id}`)).status).to.equal(200);
  });

  it('an unknown profile is 400 not-found naming the parameter (resource-operation-validate.html "SHALL return an error")', async () => {
    const query = `Patient/$validate?profile=${encodeURIComponent('http://example.org/StructureDefinition/nope')}`;
    const outcome = expectOutcome(await call(server, 'POST', query, { body: VALID }), 400);
    expect(outcome.issue.map((i) => [i.code, i.expression])).to.deep.equal([['not-found', ['profile']]]);
  });

  it('in XML: the resource in, the OperationOutcome out (xml.html)', async () => {
    const body = '<Patient xmlns="http://hl7.org/fhir"><birthDate value="1990-13-45"/></Patient>';
    const result = await call(server, 'POST', 'Patient/$validate', {
      body,
      headers: { 'Content-Type': XML, Accept: XML },
    });
    expect(result.headers.get('content-type')).to.match(/^application\/fhir\+xml/);
    expect(errorsOf(result)).to.deep.equal([{ code: 'value', expression: ['Patient.birthDate'] }]);
    const parameters = jsonToXml(validateParameters([{ name: 'resource', resource: VALID }]));
    const ok = await call(server, 'POST', 'Patient/$validate', {
      body: parameters,
      headers: { 'Content-Type': XML, Accept: XML },
    });
    allOk(ok);
  });

  it('in a batch, each entry answers its own OperationOutcome (http.html#transaction, operations.html)', async () => {
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: VALID, request: { method: 'POST', url: 'Patient/$validate' } },
        { resource: INVALID as Patient, request: { method: 'POST', url: 'Patient/$validate' } },
      ],
    };
    const answer = await call<Bundle>(server, 'POST', '', { body: batch });
    expect(answer.status, answer.text).to.equal(200);
    const entries = answer.body?.entry ?? [];
    expect(entries.map((e) => e.response?.status.split(' ')[0])).to.deep.equal(['200', '200']);
    const severities = entries.map((e) => (e.resource as OperationOutcome).issue.map((i) => i.severity));
    // Best-practice advice (dom-6, no narrative) is information on both; only the second has an error.
    expect(severities.map((s) => s.filter((severity) => severity !== 'information'))).to.deep.equal([[], ['error']]);
  });

  it('the CapabilityStatement declares $validate on every type and how writes are validated (capabilitystatement.html)', async () => {
    const rest = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body?.rest?.[0];
    const validate = { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' };
    for (const resource of rest?.resource ?? []) expect(resource.operation).to.deep.include(validate);
    expect(rest?.documentation).to.contain('VALIDATION=');
  });
});

describe('resource-operation-validate.html — parameters of the wrong type are refused, never ignored', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  const NEXUS = 'http://nexushealth.org/fhir/StructureDefinition/nexus-patient';
  const withParameters = (...parameter: Parameters['parameter'] & object) =>
    call(server, 'POST', 'Patient/$validate', {
      body: { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: VALID }, ...parameter] },
    });
  const errorsAt = (outcome: OperationOutcome) => outcome.issue.flatMap((i) => i.expression ?? []);

  it('profile as valueString or valueBoolean, mode as valueString or valueCoding: 400 at Parameters.parameter[i] (operations.html#executing)', async () => {
    for (const wrong of [
      { name: 'profile', valueString: NEXUS },
      { name: 'profile', valueBoolean: true },
      { name: 'mode', valueString: 'create' },
      { name: 'mode', valueCoding: { code: 'create' } },
    ]) {
      const outcome = expectOutcome(await withParameters(wrong), 400);
      expect(errorsAt(outcome), JSON.stringify(wrong)).to.deep.equal(['Parameters.parameter[1]']);
    }
  });

  it('profile as valueCanonical is read as the uri R4 declares (resource-operation-validate.html)', async () => {
    const outcome = outcomeOf(await withParameters({ name: 'profile', valueCanonical: NEXUS }));
    expect(errorsAt(outcome)).to.include('Patient.identifier');
    expect(errorsAt(outcomeOf(await withParameters({ name: 'profile', valueUri: NEXUS })))).to.include(
      'Patient.identifier',
    );
  });

  it('?profile= on the URL of a POST with Parameters counts; given in both places it repeats: 400 (operations.html#executing)', async () => {
    const path = `Patient/$validate?profile=${encodeURIComponent(NEXUS)}`;
    const body: Parameters = { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: VALID }] };
    expect(errorsAt(outcomeOf(await call(server, 'POST', path, { body })))).to.include('Patient.identifier');
    const twice = { ...body, parameter: [...(body.parameter ?? []), { name: 'profile', valueUri: NEXUS }] };
    expectOutcome(await call(server, 'POST', path, { body: twice }), 400);
  });
});
