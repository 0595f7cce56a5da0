import type { Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, created, idsOf } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

describe('search.html#modifiers — :missing sees contained references', () => {
  let server: TestServer;
  const ids = { contained: '', literal: '', none: '', patient: '' };
  const find = async (query: string) => idsOf(await bundle(server, `Observation?${query}`), 'Observation').sort();

  before(async () => {
    server = await startTestServer();
    ids.patient = (await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Baby' }] })).id;
    const observation = (subject?: string, contained = false): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'weight' },
      ...(contained ? { contained: [{ resourceType: 'Patient', id: 'newborn', name: [{ family: 'Baby' }] }] } : {}),
      ...(subject ? { subject: { reference: subject } } : {}),
    });
    ids.contained = (await created(server, observation('#newborn', true))).id;
    ids.literal = (await created(server, observation(`Patient/${ids.patient}`))).id;
    ids.none = (await created(server, observation())).id;
  });
  after(() => server.close());

  it('a contained reference is a value: not :missing (search.html#modifiers)', async () => {
    expect(await find('subject:missing=true')).to.deep.equal([ids.none]);
    expect(await find('subject:missing=false')).to.deep.equal([ids.contained, ids.literal].sort());
  });

  it('reference search, chains and _include still ignore #id (search.html#reference, #chaining, #include)', async () => {
    expect(await find('subject=newborn')).to.deep.equal([]);
    expect(await find('subject=Patient/newborn')).to.deep.equal([]);
    expect(await find('subject.family=baby')).to.deep.equal([ids.literal]);
    const included = await bundle(server, 'Observation?_include=Observation:subject');
    expect(idsOf(included, 'Patient')).to.deep.equal([ids.patient]);
    const revincluded = await bundle(server, `Patient?_id=${ids.patient}&_revinclude=Observation:subject`);
    expect(idsOf(revincluded, 'Observation')).to.deep.equal([ids.literal]);
  });
});
