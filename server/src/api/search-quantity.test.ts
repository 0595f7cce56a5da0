import type { Observation, OperationOutcome, Quantity } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const UCUM = 'http://unitsofmeasure.org';

describe('search.html#quantity — numbers, prefixes and UCUM units', () => {
  let server: TestServer;
  const ids = { ug5400: '', mg5_4: '', plainMg: '', mg100: '', celsius: '' };
  const find = async (query: string) => idsOf(await bundle(server, `Observation?${query}`), 'Observation').sort();
  const named = (...keys: Array<keyof typeof ids>) => keys.map((k) => ids[k]).sort();

  before(async () => {
    server = await startTestServer();
    const observation = (valueQuantity: Quantity): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      valueQuantity,
    });
    ids.ug5400 = (await created(server, observation({ value: 5400, system: UCUM, code: 'ug', unit: 'µg' }))).id;
    ids.mg5_4 = (await created(server, observation({ value: 5.4, system: UCUM, code: 'mg' }))).id;
    ids.plainMg = (await created(server, observation({ value: 5.4, unit: 'mg' }))).id;
    ids.mg100 = (await created(server, observation({ value: 100, system: UCUM, code: 'mg' }))).id;
    ids.celsius = (await created(server, observation({ value: 37, system: UCUM, code: 'Cel' }))).id;
  });
  after(() => server.close());

  it('system|code of UCUM compares in base units: 5.4 mg finds 5400 ug (search.html#quantity)', async () => {
    expect(await find(`value-quantity=5.4|${UCUM}|mg`)).to.deep.equal(named('ug5400', 'mg5_4'));
    expect(await find(`value-quantity=5400|${UCUM}|ug`)).to.deep.equal(named('ug5400', 'mg5_4'));
    expect(await find(`value-quantity=0.0054|${UCUM}|g`)).to.deep.equal(named('ug5400', 'mg5_4'));
    expect(await find(`value-quantity=gt5|${UCUM}|mg`)).to.deep.equal(named('ug5400', 'mg5_4', 'mg100'));
    expect(await find(`value-quantity=lt1|${UCUM}|g`)).to.deep.equal(named('ug5400', 'mg5_4', 'mg100'));
    expect(await find(`value-quantity=5.4|${UCUM}|m`)).to.deep.equal([]);
  });

  it('a code without system matches code or unit as written; special units (Cel) by their code', async () => {
    expect(await find('value-quantity=5.4||mg')).to.deep.equal(named('mg5_4', 'plainMg'));
    expect(await find(`value-quantity=37|${UCUM}|Cel`)).to.deep.equal(named('celsius'));
  });

  it('the precision of the search value sets the range; prefixes compare the value (search.html#number)', async () => {
    expect(await find('value-quantity=5')).to.deep.equal(named('mg5_4', 'plainMg'));
    expect(await find('value-quantity=5.40')).to.deep.equal(named('mg5_4', 'plainMg'));
    expect(await find('value-quantity=5.4000001')).to.deep.equal([]);
    expect(await find('value-quantity=5e3')).to.deep.equal(named('ug5400'));
    expect(await find('value-quantity=1e2')).to.deep.equal(named('mg100'));
    expect(await find('value-quantity=lt5.4')).to.deep.equal([]);
    expect(await find('value-quantity=le5.4')).to.deep.equal(named('mg5_4', 'plainMg'));
    expect(await find('value-quantity=ne5.4')).to.deep.equal(named('ug5400', 'mg100', 'celsius'));
    expect(await find('value-quantity=ge100')).to.deep.equal(named('ug5400', 'mg100'));
    expect(await find('value-quantity=ap5000')).to.deep.equal(named('ug5400'));
    expect(await find('value-quantity=sa5.4&value-quantity=eb100')).to.deep.equal(named('celsius'));
  });

  it('a number past a double (1e999) is a 400 invalid, not Infinity matching every value (search.html#number)', async () => {
    for (const query of [
      'Observation?value-quantity=1e999',
      'Observation?value-quantity=lt1e999',
      'RiskAssessment?probability=gt1e999',
    ]) {
      const { status, body } = await call(server, 'GET', query);
      expect(status, query).to.equal(400);
      const issue = (body as OperationOutcome).issue[0];
      expect(issue?.code).to.equal('invalid');
      expect(issue?.expression?.[0]).to.match(/^(value-quantity|probability)$/);
    }
  });
});
