import type { Encounter, Observation, Patient, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

describe('search.html#modifiers — modifiers by type', () => {
  let server: TestServer;
  const ids = {
    mr: '',
    dl: '',
    byIdentifier: '',
    byReference: '',
    vital: '',
    acute: '',
    vs123: '',
    vs124: '',
    other: '',
  };
  const find = async (type: string, query: string) => idsOf(await bundle(server, `${type}?${query}`), type).sort();

  before(async () => {
    server = await startTestServer();
    const patient = (value: string, code: string): Patient => ({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:ids', value, type: { coding: [{ system: V2_0203, code }] } }],
    });
    ids.mr = (await created(server, patient('446053', 'MR'))).id;
    ids.dl = (await created(server, patient('446053', 'DL'))).id;
    const observation = (subject: Observation['subject']): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject,
    });
    ids.byIdentifier = (await created(server, observation({ identifier: { system: 'urn:ids', value: '446053' } }))).id;
    ids.byReference = (await created(server, observation({ reference: `Patient/${ids.mr}` }))).id;
    ids.vital = (
      await created<Observation>(server, {
        ...observation({ reference: `Patient/${ids.dl}` }),
        category: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
        ],
      })
    ).id;
    ids.acute = (
      await created<Encounter>(server, {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'ACUTE' },
      })
    ).id;
    const valueSet = (url: string): ValueSet => ({ resourceType: 'ValueSet', status: 'active', url });
    ids.vs123 = (await created(server, valueSet('http://acme.org/fhir/ValueSet/123'))).id;
    ids.vs124 = (await created(server, valueSet('http://acme.org/fhir/ValueSet/124'))).id;
    ids.other = (await created(server, valueSet('http://other.org/fhir/ValueSet/123'))).id;
  });
  after(() => server.close());

  it('token :of-type matches type-system|type-code|value of one Identifier (search.html#token)', async () => {
    expect(await find('Patient', `identifier:of-type=${V2_0203}|MR|446053`)).to.deep.equal([ids.mr]);
    expect(await find('Patient', `identifier:of-type=${V2_0203}|DL|446053`)).to.deep.equal([ids.dl]);
    expect(await find('Patient', `identifier:of-type=${V2_0203}|MR|999`)).to.deep.equal([]);
    expectOutcome(await call(server, 'GET', 'Patient?identifier:of-type=MR|446053'), 400);
  });

  it('reference :identifier matches Reference.identifier, not the referenced resource (search.html#reference)', async () => {
    expect(await find('Observation', 'subject:identifier=urn:ids|446053')).to.deep.equal([ids.byIdentifier]);
    expect(await find('Observation', 'subject:identifier=446053')).to.deep.equal([ids.byIdentifier]);
    expect(await find('Observation', 'subject:identifier=urn:other|446053')).to.deep.equal([]);
  });

  it('uri :above, :below and :contains (search.html#uri)', async () => {
    const above = 'url:above=http://acme.org/fhir/ValueSet/123/_history/5';
    expect(await find('ValueSet', above)).to.deep.equal([ids.vs123]);
    expect(await find('ValueSet', 'url:below=http://acme.org/fhir/')).to.deep.equal([ids.vs123, ids.vs124].sort());
    expect(await find('ValueSet', 'url:contains=ValueSet/123')).to.deep.equal([ids.vs123, ids.other].sort());
    expect(await find('ValueSet', 'url=http://acme.org/fhir/ValueSet/123')).to.deep.equal([ids.vs123]);
  });

  it('token :in and :not-in against an R4 ValueSet, expanded here (search.html#token)', async () => {
    const category = 'http://hl7.org/fhir/ValueSet/observation-category';
    const found = await find('Observation', `category:in=${category}`);
    expect(found).to.deep.equal([ids.vital]);
    const notIn = await find('Observation', `category:not-in=${category}`);
    expect(notIn).to.include(ids.byReference).and.not.include(ids.vital);
    expect(await find('Encounter', 'class:in=http://terminology.hl7.org/ValueSet/v3-ActEncounterCode')).to.deep.equal([
      ids.acute,
    ]);
    const unknown = expectOutcome(await call(server, 'GET', 'Observation?category:in=http://example.org/vs'), 400);
    expect(unknown.issue[0]?.code).to.equal('not-supported');
  });

  it('token :in a ValueSet stored on this server, with an imported stored ValueSet (search.html#token)', async () => {
    const base = 'http://example.org/fhir/ValueSet';
    await created<ValueSet>(server, {
      resourceType: 'ValueSet',
      status: 'active',
      url: `${base}/vitals`,
      compose: {
        include: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            concept: [{ code: 'vital-signs' }],
          },
        ],
      },
    });
    await created<ValueSet>(server, {
      resourceType: 'ValueSet',
      status: 'active',
      url: `${base}/wrapper`,
      compose: { include: [{ valueSet: [`${base}/vitals|1.0`] }] },
    });
    expect(await find('Observation', `category:in=${base}/vitals`)).to.deep.equal([ids.vital]);
    expect(await find('Observation', `category:in=${base}/wrapper`)).to.deep.equal([ids.vital]);
    expect(await find('Observation', `category:not-in=${base}/wrapper`)).not.to.include(ids.vital);
    expect(await find('Observation', 'category:in=http://acme.org/fhir/ValueSet/123')).to.deep.equal([]);
  });

  it('token :in a ValueSet that excludes codes from a whole-system include (valueset.html#compose)', async () => {
    const base = 'http://example.org/fhir/ValueSet';
    const allBut = (url: string, system: string, code: string): ValueSet => ({
      resourceType: 'ValueSet',
      status: 'active',
      url: `${base}/${url}`,
      compose: { include: [{ system }], exclude: [{ system, concept: [{ code }] }] },
    });
    const category = 'http://terminology.hl7.org/CodeSystem/observation-category';
    await created(server, allBut('not-vital', category, 'vital-signs'));
    await created(server, allBut('most-loinc', 'http://loinc.org', '8480-6'));
    expect(await find('Observation', `category:in=${base}/not-vital`)).to.deep.equal([]);
    expect(await find('Observation', `category:not-in=${base}/not-vital`)).to.include(ids.vital);
    // LOINC is not loaded here: all of it but one code cannot be searched exactly.
    const loinc = expectOutcome(await call(server, 'GET', `Observation?code:in=${base}/most-loinc`), 400);
    expect(loinc.issue[0]?.code).to.equal('not-supported');
  });

  it('token :below and :above follow the R4 CodeSystem hierarchy (search.html#token)', async () => {
    const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    expect(await find('Encounter', `class:below=${actCode}|IMP`)).to.deep.equal([ids.acute]);
    expect(await find('Encounter', `class:below=${actCode}|AMB`)).to.deep.equal([]);
    expect(await find('Encounter', `class:above=${actCode}|ACUTE`)).to.deep.equal([ids.acute]);
    expectOutcome(await call(server, 'GET', 'Encounter?class:below=IMP'), 400);
    expectOutcome(await call(server, 'GET', 'Encounter?class:below=http://example.org/cs|x'), 400);
  });

  it('a modifier a type does not have is 400 not-supported (search.html#modifiers)', async () => {
    for (const query of [
      'Patient?birthdate:above=x',
      'Patient?family:of-type=a|b|c',
      'Observation?subject:contains=x',
    ]) {
      const outcome = expectOutcome(await call(server, 'GET', query), 400);
      expect(outcome.issue[0]?.code, query).to.equal('not-supported');
    }
  });
});
