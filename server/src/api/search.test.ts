import type { Bundle, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const SYS = 'http://example.org/mrn';

describe('search.html — parameter types', () => {
  let server: TestServer;
  const ids: Record<'anna' | 'bob' | 'cy', string> = { anna: '', bob: '', cy: '' };
  const find = async (query: string) => idsOf(await bundle(server, `Patient?${query}`)).sort();
  const named = (...who: Array<keyof typeof ids>) => who.map((w) => ids[w]).sort();

  before(async () => {
    server = await startTestServer();
    server.clock.set('2026-01-01T00:00:00.000Z');
    ids.anna = (
      await created<Patient>(server, {
        resourceType: 'Patient',
        name: [{ family: 'Müller', given: ['Anna'] }],
        birthDate: '1980-05-15',
        gender: 'female',
        identifier: [{ system: SYS, value: 'A1' }],
      })
    ).id;
    server.clock.set('2026-02-01T00:00:00.000Z');
    ids.bob = (
      await created<Patient>(server, {
        resourceType: 'Patient',
        name: [{ family: 'Mueller-Smith', given: ['Bob'] }],
        birthDate: '1980-05',
        gender: 'male',
        identifier: [{ system: 'http://other.org', value: 'A1' }],
      })
    ).id;
    server.clock.set('2026-03-01T00:00:00.000Z');
    ids.cy = (
      await created<Patient>(server, {
        resourceType: 'Patient',
        name: [{ family: 'Smith', given: ['Cy'] }],
        birthDate: '1990',
        identifier: [{ value: 'C1' }],
      })
    ).id;
    await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: `Patient/${ids.anna}` },
    });
  });
  after(() => server.close());

  it('a value that is not valid percent-encoding is a 400 naming the parameter (search.html#errors)', async () => {
    for (const query of ['name=%ZZ', 'name=%FF', 'name=a&gender=%E2%82']) {
      const outcome = expectOutcome(await call(server, 'GET', `Patient?${query}`), 400);
      expect(outcome.issue[0]?.expression, query).to.deep.equal([query.includes('gender') ? 'gender' : 'name']);
    }
    expect(await find('name=M%C3%BCller')).to.include(ids.anna);
  });

  it('string: starts-with, case- and accent-insensitive by default (search.html#string)', async () => {
    expect(await find('family=mul')).to.deep.equal(named('anna'));
    expect(await find('family=MÜL')).to.deep.equal(named('anna'));
    expect(await find('family=mue')).to.deep.equal(named('bob'));
    expect(await find('name=smi')).to.deep.equal(named('cy'));
    expect(await find('given=an')).to.deep.equal(named('anna'));
  });

  it('string :exact is case- and accent-sensitive, whole value (search.html#string)', async () => {
    expect(await find('family:exact=Müller')).to.deep.equal(named('anna'));
    expect(await find('family:exact=müller')).to.deep.equal([]);
    expect(await find('family:exact=Mül')).to.deep.equal([]);
  });

  it('token: system|code, code, |code and system| (search.html#token)', async () => {
    expect(await find(`identifier=${SYS}|A1`)).to.deep.equal(named('anna'));
    expect(await find('identifier=A1')).to.deep.equal(named('anna', 'bob'));
    expect(await find('identifier=|C1')).to.deep.equal(named('cy'));
    expect(await find('identifier=|A1')).to.deep.equal([]);
    expect(await find(`identifier=${SYS}|`)).to.deep.equal(named('anna'));
    expect(await find('gender=male')).to.deep.equal(named('bob'));
    expect(await find('gender=male,female')).to.deep.equal(named('anna', 'bob'));
  });

  it('reference: Type/id and id alone (search.html#reference)', async () => {
    for (const query of [`subject=Patient/${ids.anna}`, `subject=${ids.anna}`, `patient=${ids.anna}`]) {
      expect((await bundle(server, `Observation?${query}`)).total, query).to.equal(1);
    }
    expect((await bundle(server, `Observation?subject=Patient/${ids.bob}`)).total).to.equal(0);
  });

  it('date: a value covers the range of its precision (search.html#date)', async () => {
    expect(await find('birthdate=1980')).to.deep.equal(named('anna', 'bob'));
    expect(await find('birthdate=1980-05')).to.deep.equal(named('anna', 'bob'));
    expect(await find('birthdate=1980-05-15')).to.deep.equal(named('anna'));
    expect(await find('birthdate=ge1985')).to.deep.equal(named('cy'));
    expect(await find('birthdate=lt1980-05-15')).to.deep.equal(named('bob'));
    expect(await find('birthdate=gt1980-05-15')).to.deep.equal(named('bob', 'cy'));
    // 1980-05 straddles the end of 1980-05-01: neither below it nor inside it (search.html#prefix).
    expect(await find('birthdate=le1980-05-01')).to.deep.equal([]);
    expect(await find('birthdate=le1980-05-31')).to.deep.equal(named('anna', 'bob'));
    expect(await find('birthdate=ge1980-05-15')).to.deep.equal(named('anna', 'bob', 'cy'));
    expect(await find('birthdate=ne1980')).to.deep.equal(named('cy'));
    expect(await find('birthdate=ge1980&birthdate=lt1981')).to.deep.equal(named('anna', 'bob'));
  });

  it('_id and _lastUpdated (search.html#all)', async () => {
    expect(await find(`_id=${ids.anna}`)).to.deep.equal(named('anna'));
    expect(await find(`_id=${ids.anna},${ids.cy}`)).to.deep.equal(named('anna', 'cy'));
    expect(await find('_lastUpdated=gt2026-01-15')).to.deep.equal(named('bob', 'cy'));
    expect(await find('_lastUpdated=2026-02')).to.deep.equal(named('bob'));
    expect(await find('_lastUpdated=le2026-01-01T00:00:00Z')).to.deep.equal(named('anna'));
  });

  it('unknown parameters are ignored by default and reported in an outcome entry (search.html#errors)', async () => {
    const result = await bundle(server, 'Patient?gender=male&nonsense=1');
    expect(idsOf(result)).to.deep.equal([ids.bob]);
    const outcome = result.entry?.find((e) => e.search?.mode === 'outcome');
    expect((outcome?.resource as OperationOutcome).issue[0]?.expression).to.deep.equal(['nonsense']);
    expect(result.link?.find((l) => l.relation === 'self')?.url).not.to.include('nonsense');
  });

  it('Prefer: handling=strict rejects unknown parameters with 400 (search.html#errors)', async () => {
    expectOutcome(await call(server, 'GET', 'Patient?nonsense=1', { headers: { Prefer: 'handling=strict' } }), 400);
  });

  it('POST [type]/_search with a form body searches like GET (http.html#search)', async () => {
    const result = await call<Bundle>(server, 'POST', 'Patient/_search', {
      body: 'family=mul',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(result.status).to.equal(200);
    expect(idsOf(result.body as Bundle)).to.deep.equal([ids.anna]);
  });

  it('POST _search merges URL and form parameters (AND)', async () => {
    const result = await call<Bundle>(server, 'POST', 'Patient/_search?gender=male', {
      body: 'family=mul',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(idsOf(result.body as Bundle)).to.deep.equal([]);
  });
  it('a reference written as an absolute URL to this server matches its relative form (references.html#literal)', async () => {
    const observation = (reference: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject: { reference },
    });
    const absolute = await created(server, observation(`${server.baseUrl}/Patient/abs1`));
    const relative = await created(server, observation('Patient/abs1'));
    for (const value of ['Patient/abs1', `${server.baseUrl}/Patient/abs1`]) {
      const found = await bundle(server, `Observation?subject=${encodeURIComponent(value)}`);
      expect(found.entry?.map((e) => e.resource?.id).sort(), value).to.deep.equal([absolute.id, relative.id].sort());
    }
    expect((await call<Observation>(server, 'GET', `Observation/${absolute.id}`)).body?.subject?.reference).to.equal(
      `${server.baseUrl}/Patient/abs1`,
    );
  });
});

describe('search.html#prefix — ne needs a value in the resource', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('ne matches values outside the range, never resources without one (search-comparator: "the value … is not equal")', async () => {
    const dated = await created<Patient>(server, { resourceType: 'Patient', birthDate: '1970' });
    await created<Patient>(server, { resourceType: 'Patient', gender: 'male' });
    await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'no value' },
    });
    expect(idsOf(await bundle(server, 'Patient?birthdate=ne1980'))).to.deep.equal([dated.id]);
    expect(idsOf(await bundle(server, 'Observation?value-quantity=ne5'), 'Observation')).to.deep.equal([]);
  });
});
