import type { CapabilityStatement, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('search.html#sort — several keys, both directions, missing values kept', () => {
  let server: TestServer;
  const ids = { a: '', b: '', c: '', d: '' };
  const order = async (query: string, type = 'Patient') => idsOf(await bundle(server, `${type}?${query}`), type);
  const named = (...keys: Array<keyof typeof ids>) => keys.map((k) => ids[k]);

  before(async () => {
    server = await startTestServer();
    const patient = (
      family: string | undefined,
      birthDate: string | undefined,
      gender: Patient['gender'],
    ): Patient => ({
      resourceType: 'Patient',
      gender,
      ...(family ? { name: [{ family }] } : {}),
      ...(birthDate ? { birthDate } : {}),
    });
    ids.a = (await created(server, patient('Adams', '1990', 'female'))).id;
    server.clock.advance(1000);
    ids.b = (await created(server, patient('baker', undefined, 'male'))).id;
    server.clock.advance(1000);
    ids.c = (await created(server, patient(undefined, '1980-05-02', 'other'))).id;
    server.clock.advance(1000);
    ids.d = (await created(server, patient('ádams', '2000', 'female'))).id;
  });
  after(() => server.close());

  it('a resource without the value is not dropped: first ascending, last descending (declared)', async () => {
    expect(await order('_sort=family')).to.deep.equal(named('c', 'a', 'd', 'b'));
    expect(await order('_sort=-family')).to.deep.equal(named('b', 'a', 'd', 'c'));
    expect(await order('_sort=birthdate')).to.deep.equal(named('b', 'c', 'a', 'd'));
    expect(await order('_sort=-birthdate')).to.deep.equal(named('d', 'a', 'c', 'b'));
  });

  it('the CapabilityStatement declares where missing values sort (capabilitystatement.html)', async () => {
    const metadata = await call<CapabilityStatement>(server, 'GET', 'metadata');
    expect(metadata.body?.rest?.[0]?.documentation).to.include('sort first ascending and last descending');
  });

  it('several keys apply in order, each in its own direction; strings compare case- and accent-folded', async () => {
    expect(await order('_sort=family,-birthdate')).to.deep.equal(named('c', 'd', 'a', 'b'));
    expect(await order('_sort=gender,-_lastUpdated')).to.deep.equal(named('d', 'a', 'b', 'c'));
  });

  it('_id and _lastUpdated sort the record fields (search.html#all)', async () => {
    expect(await order('_sort=-_lastUpdated')).to.deep.equal(named('d', 'c', 'b', 'a'));
    expect(await order('_sort=_id')).to.deep.equal([...Object.values(ids)].sort());
  });

  it('quantities sort by value, dates by the start of their range', async () => {
    const observation = (value: number | undefined, effectiveDateTime: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      effectiveDateTime,
      ...(value === undefined ? {} : { valueQuantity: { value } }),
    });
    const o100 = (await created(server, observation(100, '2020-01-02'))).id;
    const none = (await created(server, observation(undefined, '2020'))).id;
    const o5 = (await created(server, observation(5, '2021'))).id;
    expect(await order('_sort=value-quantity', 'Observation')).to.deep.equal([none, o5, o100]);
    expect(await order('_sort=-value-quantity', 'Observation')).to.deep.equal([o100, o5, none]);
    expect(await order('_sort=date', 'Observation')).to.deep.equal([none, o100, o5]);
  });
});
