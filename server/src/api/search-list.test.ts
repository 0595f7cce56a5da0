import type { List, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('search.html#list — _list', () => {
  let server: TestServer;
  const patients: string[] = [];
  let list: string;
  before(async () => {
    server = await startTestServer();
    for (let i = 0; i < 3; i++) patients.push((await created<Patient>(server, { resourceType: 'Patient' })).id);
    list = (
      await created<List>(server, {
        resourceType: 'List',
        status: 'current',
        mode: 'working',
        entry: [
          { item: { reference: `Patient/${patients[0]}` } },
          { item: { reference: `${server.baseUrl}/Patient/${patients[2]}` } },
        ],
      })
    ).id;
  });
  after(() => server.close());

  it('selects the resources the List holds, with other criteria', async () => {
    expect(idsOf(await bundle(server, `Patient?_list=${list}`)).sort()).to.deep.equal(
      [patients[0], patients[2]].sort(),
    );
    expect(idsOf(await bundle(server, `Patient?_list=${list}&_id=${patients[0]}`))).to.deep.equal([patients[0]]);
  });

  it('an unknown List holds nothing', async () => {
    expect(idsOf(await bundle(server, 'Patient?_list=nope'))).to.deep.equal([]);
  });

  it('functional lists ($current-problems…) are not supported (400)', async () => {
    const outcome = expectOutcome(await call(server, 'GET', 'Patient?_list=$current-problems'), 400);
    expect(outcome.issue[0]).to.deep.include({ code: 'not-supported', expression: ['_list'] });
  });
});
