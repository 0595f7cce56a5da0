import type {
  CapabilityStatement,
  Encounter,
  Observation,
  Organization,
  Patient,
  Practitioner,
} from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('http.html#search — compartment search (compartmentdefinition-patient.html)', () => {
  let server: TestServer;
  let anna: string;
  let bob: string;
  const obs: Record<string, string> = {};

  before(async () => {
    server = await startTestServer();
    anna = (await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Anna' }] })).id;
    bob = (await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Bob' }] })).id;
    const observe = async (key: string, patient: string, code: string) => {
      obs[key] = (
        await created<Observation>(server, {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code }] },
          subject: { reference: `Patient/${patient}` },
        })
      ).id;
    };
    await observe('a1', anna, '1-1');
    await observe('a2', anna, '2-2');
    await observe('b1', bob, '1-1');
    obs.enc = (
      await created<Encounter>(server, {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: `Patient/${anna}` },
      })
    ).id;
    await created<Organization>(server, { resourceType: 'Organization', name: 'Acme' });
  });
  after(() => server.close());

  it('Patient/[id]/Observation holds the patient’s observations only', async () => {
    expect(idsOf(await bundle(server, `Patient/${anna}/Observation`), 'Observation').sort()).to.deep.equal(
      [obs.a1, obs.a2].sort(),
    );
  });

  it('takes search parameters beside the compartment', async () => {
    const result = await bundle(server, `Patient/${anna}/Observation?code=1-1`);
    expect(idsOf(result, 'Observation')).to.deep.equal([obs.a1]);
    expect(result.link?.[0]?.url).to.equal(
      `${server.baseUrl}/Patient/${anna}/Observation?code=1-1&_count=20&_offset=0`,
    );
  });

  it('Patient/[id]/* holds every type of the compartment, the patient included, but not its AuditEvents', async () => {
    const result = await bundle(server, `Patient/${anna}/*`);
    const all = (result.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();
    expect(all).to.deep.equal(
      [`Encounter/${obs.enc}`, `Observation/${obs.a1}`, `Observation/${obs.a2}`, `Patient/${anna}`].sort(),
    );
    // The AuditEvents of the requests about the patient are in its compartment: asked for by type.
    const audit = await bundle(server, `Patient/${anna}/AuditEvent`);
    expect(audit.entry?.length ?? 0).to.be.greaterThan(0);
  });

  it('* applies the parameters all resources share and ignores type-specific ones', async () => {
    const result = await bundle(server, `Patient/${anna}/*?code=x&_id=${obs.a1}`);
    expect(idsOf(result, 'Observation')).to.deep.equal([obs.a1]);
    const typed = await bundle(server, `Patient/${anna}/*?_type=Encounter,Patient`);
    expect(idsOf(typed, 'Encounter').length + idsOf(typed, 'Patient').length).to.equal(2);
    expect(idsOf(typed, 'Observation')).to.deep.equal([]);
  });

  it('a type outside the compartment is a 400; another compartment is not supported (search.html#errors)', async () => {
    const outside = expectOutcome(await call(server, 'GET', `Patient/${anna}/Organization`), 400);
    expect(outside.issue[0]?.expression).to.deep.equal(['type']);
    const other = expectOutcome(await call(server, 'GET', `Encounter/${obs.enc}/Observation`), 400);
    expect(other.issue[0]?.expression).to.deep.equal(['compartment']);
    expectOutcome(await call(server, 'GET', `Patient/${anna}/Nonsense`), 404);
  });
});

describe('http.html#search — system search and _type (search.html#all)', () => {
  let server: TestServer;
  let patient: string;
  let organization: string;
  before(async () => {
    server = await startTestServer();
    const tag = { meta: { tag: [{ system: 'http://example.org', code: 'demo' }] } };
    patient = (await created<Patient>(server, { resourceType: 'Patient', ...tag })).id;
    organization = (await created<Organization>(server, { resourceType: 'Organization', name: 'X', ...tag })).id;
    await created<Patient>(server, { resourceType: 'Patient' });
  });
  after(() => server.close());

  const keys = (result: { entry?: Array<{ resource?: { resourceType: string; id?: string } }> }) =>
    (result.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();

  it('GET [base]?params searches every type on the common parameters', async () => {
    const result = await bundle(server, '?_tag=demo');
    expect(keys(result)).to.deep.equal([`Organization/${organization}`, `Patient/${patient}`].sort());
    expect(result.link?.[0]?.url).to.match(new RegExp(`^${server.baseUrl}\\?_tag=demo`));
  });

  it('_type limits the types, and shows in the links', async () => {
    const result = await bundle(server, '?_type=Patient&_tag=demo');
    expect(keys(result)).to.deep.equal([`Patient/${patient}`]);
    expect(new URL(result.link?.[0]?.url ?? '').searchParams.get('_type')).to.equal('Patient');
    const two = await bundle(server, '?_type=Organization,Patient&_tag=demo');
    expect(keys(two)).to.have.length(2);
  });

  it('one _type allows that type’s own parameters; several only the codes all of them define', async () => {
    expect(keys(await bundle(server, '?_type=Organization&name=x'))).to.deep.equal([`Organization/${organization}`]);
    const outcome = await call(server, 'GET', '?_type=Organization,Patient&gender=male', {
      headers: { Prefer: 'handling=strict' },
    });
    expectOutcome(outcome, 400);
  });

  it('a code defined on every listed _type filters all of them (search.html#all)', async () => {
    const chalmers = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Chalmers' }] });
    const doctor = await created<Practitioner>(server, {
      resourceType: 'Practitioner',
      name: [{ family: 'Chalmers' }],
    });
    await created<Practitioner>(server, { resourceType: 'Practitioner', name: [{ family: 'Other' }] });
    const result = await bundle(server, '?_type=Patient,Practitioner&family=Chalmers');
    expect(keys(result)).to.deep.equal([`Patient/${chalmers.id}`, `Practitioner/${doctor.id}`].sort());
    expect(result.entry?.some((e) => e.search?.mode === 'outcome')).to.equal(false);
  });

  it('POST [base]/_search with a form body, merged with the query (http.html#search)', async () => {
    const result = await call(server, 'POST', '_search?_type=Patient', {
      body: '_tag=demo',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(result.status).to.equal(200);
    expect(keys(result.body as never)).to.deep.equal([`Patient/${patient}`]);
  });

  it('POST [type]/_search with a form body (http.html#search)', async () => {
    const result = await call(server, 'POST', `Patient/_search?_tag=demo`, {
      body: `_id=${patient}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(keys(result.body as never)).to.deep.equal([`Patient/${patient}`]);
  });

  it('an unknown _type is a 400', async () => {
    expectOutcome(await call(server, 'GET', '?_type=Nope'), 400);
  });
});

describe('capabilitystatement.html — what search declares', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('search-system, the Patient compartment, searchInclude and searchRevInclude per type', async () => {
    const statement = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const [rest] = statement?.rest ?? [];
    expect(rest?.interaction?.map((i) => i.code)).to.include('search-system');
    expect(rest?.compartment).to.deep.equal(['http://hl7.org/fhir/CompartmentDefinition/patient']);
    expect(rest?.documentation).to.match(/_searchset/);
    const resource = (type: string) => rest?.resource?.find((r) => r.type === type);
    expect(resource('Observation')?.searchInclude).to.include.members(['*', 'Observation:subject']);
    expect(resource('Patient')?.searchRevInclude).to.include.members(['Observation:subject', 'Encounter:patient']);
  });
});
