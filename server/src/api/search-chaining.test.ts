import type { Location, Observation, Organization, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const LOINC = 'http://loinc.org';

describe('search.html#chaining and search.html#has — chained and reverse-chained parameters', () => {
  let server: TestServer;
  const id: Record<string, string> = {};
  const observe = async (key: string, subject: string, code: string) => {
    const observation = await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code }] },
      subject: { reference: subject },
    });
    id[key] = observation.id;
  };

  before(async () => {
    server = await startTestServer({ searchLimits: { joinMaxMatches: 5 } });
    id.acme = (await created<Organization>(server, { resourceType: 'Organization', name: 'Acme Health' })).id;
    id.other = (await created<Organization>(server, { resourceType: 'Organization', name: 'Other' })).id;
    id.anna = (
      await created<Patient>(server, {
        resourceType: 'Patient',
        name: [{ family: 'Müller', given: ['Anna'] }],
        managingOrganization: { reference: `Organization/${id.acme}` },
      })
    ).id;
    id.bob = (
      await created<Patient>(server, {
        resourceType: 'Patient',
        name: [{ family: 'Smith', given: ['Bob'] }],
        managingOrganization: { reference: `Organization/${id.other}` },
      })
    ).id;
    id.ward = (await created<Location>(server, { resourceType: 'Location', name: 'Anna ward' })).id;
    await observe('annaHeart', `Patient/${id.anna}`, '8867-4');
    await observe('annaTemp', `Patient/${id.anna}`, '8310-5');
    await observe('bobHeart', `Patient/${id.bob}`, '8867-4');
    await observe('wardTemp', `Location/${id.ward}`, '8310-5');
  });
  after(() => server.close());

  const observations = async (query: string) => (await bundle(server, `Observation?${query}`)).entry ?? [];
  const ids = async (type: string, query: string) => idsOf(await bundle(server, `${type}?${query}`), type).sort();

  it('a typed chain on a polymorphic reference searches that type only (search.html#chaining)', async () => {
    expect(await ids('Observation', 'subject:Patient.name=anna')).to.deep.equal([id.annaHeart, id.annaTemp].sort());
  });

  it('an untyped chain searches every target type that defines the parameter (search.html#chaining)', async () => {
    expect(await ids('Observation', 'subject.name=anna')).to.deep.equal(
      [id.annaHeart, id.annaTemp, id.wardTemp].sort(),
    );
  });

  it('chains go several levels deep, with modifiers on the last parameter (search.html#chaining)', async () => {
    expect(await ids('Observation', 'subject:Patient.organization.name=acme')).to.deep.equal(
      [id.annaHeart, id.annaTemp].sort(),
    );
    expect(await ids('Observation', 'subject.organization.name:exact=Other')).to.deep.equal([id.bobHeart]);
    expect(await ids('Observation', 'subject.organization.name:exact=acme')).to.deep.equal([]);
  });

  it('a chain combines with other criteria (AND) and shows in the self link', async () => {
    const result = await bundle(server, `Observation?subject:Patient.name=anna&code=${LOINC}|8310-5`);
    expect(idsOf(result, 'Observation')).to.deep.equal([id.annaTemp]);
    expect(new URL(result.link?.[0]?.url ?? '').searchParams.get('subject:Patient.name')).to.equal('anna');
    expect(await observations('subject:Patient.name=nobody')).to.deep.equal([]);
  });

  it('a chain through a type the reference cannot hold is a 400 naming it (search.html#chaining)', async () => {
    const outcome = expectOutcome(await call(server, 'GET', 'Observation?subject:Organization.name=x'), 400);
    expect(outcome.issue[0]?.expression).to.deep.equal(['subject:Organization.name']);
  });

  it('_has selects the resources referred to by matching ones (search.html#has)', async () => {
    expect(await ids('Patient', `_has:Observation:patient:code=${LOINC}|8867-4`)).to.deep.equal(
      [id.anna, id.bob].sort(),
    );
    expect(await ids('Patient', `_has:Observation:patient:code=8310-5`)).to.deep.equal([id.anna]);
    expect(await ids('Location', `_has:Observation:subject:code=8310-5`)).to.deep.equal([id.ward]);
  });

  it('_has nests, and a chain may sit inside it (search.html#has)', async () => {
    expect(await ids('Organization', '_has:Patient:organization:_has:Observation:patient:code=8310-5')).to.deep.equal([
      id.acme,
    ]);
    expect(await ids('Organization', '_has:Patient:organization:name=bob')).to.deep.equal([id.other]);
    expect(await ids('Location', '_has:Observation:subject:subject:Location.name=anna')).to.deep.equal([id.ward]);
  });

  it('_has through a parameter that cannot refer to the searched type is a 400', async () => {
    expectOutcome(await call(server, 'GET', 'Organization?_has:Observation:patient:code=1'), 400);
  });

  it('a malformed _has or chain is a 400 naming it, in lenient mode too (search.html#errors)', async () => {
    const cases = [
      'Patient?_has:Foo:subject:code=x',
      'Patient?_has:Observation:foo:code=x',
      'Patient?_has:Observation:code:code=x',
      'Patient?_has:Observation:subject:_count=x',
      'Observation?subject..name=x',
      'Observation?subject.=x',
      'Observation?code.name=x',
    ];
    for (const path of cases) {
      const result = await call(server, 'GET', path, { headers: { Prefer: 'handling=lenient' } });
      const outcome = expectOutcome(result, 400);
      expect(outcome.issue[0]?.expression, path).to.deep.equal([path.slice(path.indexOf('?') + 1, path.indexOf('='))]);
    }
    expect((await call(server, 'GET', 'Observation?subject.=')).status).to.equal(200);
  });

  it('a reference value naming an unknown resource type is a 400 (search.html#reference)', async () => {
    const outcome = expectOutcome(await call(server, 'GET', 'Observation?subject=Foo/x'), 400);
    expect(outcome.issue[0]?.expression).to.deep.equal(['subject']);
  });

  it('an inner search matching more than the limit is too-costly (422), not a scan without bound', async () => {
    for (let i = 0; i < 6; i++) await observe(`many${i}`, `Patient/${id.bob}`, '1-1');
    const outcome = expectOutcome(await call(server, 'GET', 'Patient?_has:Observation:patient:code=1-1'), 422);
    expect(outcome.issue[0]).to.deep.include({ code: 'too-costly', expression: ['_has:Observation:patient:code'] });
    expect(await ids('Observation', 'subject:Patient.name=bob&code=1-1')).to.have.length(6);
  });
});
