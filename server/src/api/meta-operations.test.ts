import type { Parameters, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const A = { system: 'urn:tags', code: 'a' };
const B = { system: 'urn:tags', code: 'b', display: 'Bee' };
const SECRET = { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' };
const PROFILE = 'http://example.org/StructureDefinition/p';

function metaInput(meta: object): Parameters {
  return { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: meta }] };
}

describe('resource-operation-meta*.html — $meta, $meta-add, $meta-delete', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  beforeEach(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient', meta: { tag: [A] } });
  });
  afterEach(() => server.close());

  const metaOf = async (path: string) =>
    (await call<Parameters>(server, 'GET', `${path}/$meta`)).body?.parameter?.[0]?.valueMeta;

  it('$meta answers the meta a read would show (resource-operation-meta.html)', async () => {
    expect(await metaOf(`Patient/${patient.id}`)).to.deep.equal(patient.meta);
  });

  it('$meta-add adds profiles, tags and labels as sets, without a new version (resource-operation-meta-add.html)', async () => {
    server.clock.advance(5000);
    const meta = { tag: [{ ...A, display: 'again' }, B], security: [SECRET], profile: [PROFILE] };
    const result = await call<Parameters>(server, 'POST', `Patient/${patient.id}/$meta-add`, { body: metaInput(meta) });
    expect(result.status).to.equal(200);
    const returned = result.body?.parameter?.[0]?.valueMeta;
    expect(returned?.tag).to.deep.equal([A, B]);
    expect(returned?.security).to.deep.equal([SECRET]);
    expect(returned?.profile).to.deep.equal([PROFILE]);
    expect(returned?.versionId).to.equal('1');
    expect(returned?.lastUpdated).to.equal(patient.meta?.lastUpdated);
    const read = await call<Patient>(server, 'GET', `Patient/${patient.id}`);
    expect(read.headers.get('etag')).to.equal('W/"1"');
    expect(read.body?.meta).to.deep.equal(returned);
    expect((await bundle(server, `Patient/${patient.id}/_history`)).total).to.equal(1);
  });

  it('labels added by $meta-add are searchable by _tag and _security (search.html#tag)', async () => {
    await call(server, 'POST', `Patient/${patient.id}/$meta-add`, {
      body: metaInput({ tag: [B], security: [SECRET] }),
    });
    expect(idsOf(await bundle(server, 'Patient?_tag=urn:tags|b'))).to.deep.equal([patient.id]);
    expect(idsOf(await bundle(server, `Patient?_security=${SECRET.system}|R`))).to.deep.equal([patient.id]);
  });

  it('$meta-delete removes by system+code; absent labels are no error (resource-operation-meta-delete.html)', async () => {
    const path = `Patient/${patient.id}/$meta-delete`;
    const result = await call<Parameters>(server, 'POST', path, {
      body: metaInput({ tag: [{ ...A, display: 'x' }, B] }),
    });
    expect(result.status).to.equal(200);
    expect(result.body?.parameter?.[0]?.valueMeta?.tag).to.equal(undefined);
    expect((await call<Patient>(server, 'GET', `Patient/${patient.id}`)).body?.meta?.tag).to.equal(undefined);
    expect(idsOf(await bundle(server, 'Patient?_tag=urn:tags|a'))).to.deep.equal([]);
  });

  it('meta operations work on a historical version, leaving the current one alone (resource-operation-meta.html)', async () => {
    await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, active: true } });
    await call(server, 'POST', `Patient/${patient.id}/_history/1/$meta-add`, { body: metaInput({ tag: [B] }) });
    expect((await metaOf(`Patient/${patient.id}/_history/1`))?.tag).to.deep.equal([A, B]);
    expect((await metaOf(`Patient/${patient.id}`))?.tag).to.deep.equal([A]);
  });

  it('$meta-add by GET is 405, without meta a 400, on a deleted resource a 410 (operations.html)', async () => {
    expectOutcome(await call(server, 'GET', `Patient/${patient.id}/$meta-add`), 405);
    expectOutcome(
      await call(server, 'POST', `Patient/${patient.id}/$meta-add`, { body: { resourceType: 'Parameters' } }),
      400,
    );
    const wrongType = { resourceType: 'Parameters', parameter: [{ name: 'meta', valueString: 'x' }] };
    expectOutcome(await call(server, 'POST', `Patient/${patient.id}/$meta-add`, { body: wrongType }), 400);
    await call(server, 'DELETE', `Patient/${patient.id}`);
    expectOutcome(
      await call(server, 'POST', `Patient/${patient.id}/$meta-add`, { body: metaInput({ tag: [B] }) }),
      410,
    );
  });

  it('$meta-add is defined on an instance only: at type level it is a 400 (resource-operation-meta-add.html)', async () => {
    expectOutcome(await call(server, 'POST', 'Patient/$meta-add', { body: metaInput({ tag: [B] }) }), 400);
  });

  it('$meta across a type or the system is not offered: a 4xx (resource-operation-meta.html)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient/$meta'), 400);
    expectOutcome(await call(server, 'GET', '$meta'), 400);
  });
});
