import type { Bundle, Observation, Organization, Patient, Provenance } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/** `Type/id` of the entries in one search mode, in order. */
function entries(result: Bundle, mode: 'match' | 'include'): string[] {
  return (result.entry ?? []).flatMap((e) =>
    e.search?.mode === mode && e.resource ? [`${e.resource.resourceType}/${e.resource.id ?? ''}`] : [],
  );
}

describe('search.html#include — _include and _revinclude', () => {
  let server: TestServer;
  let org: string;
  let anna: string;
  let bob: string;
  const observations: string[] = [];

  before(async () => {
    server = await startTestServer({ searchLimits: { includeMax: 4 } });
    org = `Organization/${(await created<Organization>(server, { resourceType: 'Organization', name: 'Acme' })).id}`;
    const patient = async (family: string) =>
      `Patient/${(await created<Patient>(server, { resourceType: 'Patient', name: [{ family }], managingOrganization: { reference: org } })).id}`;
    anna = await patient('Anna');
    bob = await patient('Bob');
    for (const subject of [anna, anna, bob]) {
      const o = await created<Observation>(server, {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'pulse' },
        subject: { reference: subject },
      });
      observations.push(`Observation/${o.id}`);
    }
    await created<Provenance>(server, {
      resourceType: 'Provenance',
      target: [{ reference: observations[0] ?? '' }],
      recorded: '2026-01-01T00:00:00Z',
      agent: [{ who: { reference: org } }],
    });
  });
  after(() => server.close());

  const search = (query: string) => bundle(server, query);

  it('_include adds each referenced resource once, as search.mode include', async () => {
    const result = await search('Observation?_include=Observation:subject&_sort=_id');
    expect(entries(result, 'match')).to.deep.equal([...observations].sort());
    expect(entries(result, 'include').sort()).to.deep.equal([anna, bob].sort());
    expect(result.total).to.equal(3);
  });

  it('includes follow the page’s matches only', async () => {
    const result = await search(`Observation?_include=Observation:subject&_id=${observations[2]?.split('/')[1] ?? ''}`);
    expect(entries(result, 'include')).to.deep.equal([bob]);
    const page = await search('Observation?_include=Observation:subject&_count=1');
    expect(entries(page, 'include')).to.have.length(1);
  });

  it('a typed _include follows references to that type only', async () => {
    expect(entries(await search('Observation?_include=Observation:subject:Group'), 'include')).to.deep.equal([]);
    expect(entries(await search('Observation?_include=Observation:subject:Patient'), 'include')).to.have.length(2);
  });

  it('_revinclude adds the resources referring to the matches', async () => {
    const result = await search(
      `Observation?_id=${observations[0]?.split('/')[1] ?? ''}&_revinclude=Provenance:target`,
    );
    expect(entries(result, 'include')).to.have.length(1);
    expect(entries(result, 'include')[0]).to.match(/^Provenance\//);
  });

  it(':iterate (and R4’s :recurse) applies to included resources too', async () => {
    for (const modifier of ['iterate', 'recurse']) {
      const result = await search(`Observation?_include=Observation:subject&_include:${modifier}=Patient:organization`);
      expect(entries(result, 'include').sort()).to.deep.equal([anna, bob, org].sort());
    }
    // Without :iterate an _include starts from the matches only: another source type adds nothing.
    const without = await search('Observation?_include=Observation:subject&_include=Patient:organization');
    expect(entries(without, 'include')).to.not.include(org);
  });

  it('_include=* follows every reference of the matches', async () => {
    const result = await search(`Patient?_id=${anna.split('/')[1] ?? ''}&_include=*`);
    expect(entries(result, 'include')).to.deep.equal([org]);
  });

  it('an include never repeats a match', async () => {
    const result = await search(
      'Patient?_include:iterate=Patient:link&_revinclude=Observation:subject&_count=1&_sort=_id',
    );
    const all = [...entries(result, 'match'), ...entries(result, 'include')];
    expect(new Set(all).size).to.equal(all.length);
  });

  it('an include that names no reference parameter is a 400', async () => {
    for (const value of ['Observation:nonsense', 'Nope:subject', 'Observation:status', 'Observation:subject:Nope']) {
      const outcome = expectOutcome(await call(server, 'GET', `Observation?_include=${value}`), 400);
      expect(outcome.issue[0]?.expression).to.deep.equal(['_include']);
    }
  });

  it('more includes than the declared limit is too-costly (422)', async () => {
    const outcome = expectOutcome(
      await call(
        server,
        'GET',
        'Organization?_revinclude=Patient:organization&_revinclude:iterate=Observation:subject&_revinclude:iterate=Provenance:target',
      ),
      422,
    );
    expect(outcome.issue[0]?.code).to.equal('too-costly');
  });
});

describe('search.html#revinclude — :iterate is bounded in depth (SearchLimits.includeMaxDepth)', () => {
  let server: TestServer;
  const ids: string[] = [];
  before(async () => {
    server = await startTestServer({ searchLimits: { includeMaxDepth: 1 } });
    // Location/l0 ← l1 ← l2 ← l3 (partOf): a chain three references deep below the match.
    let parent: string | undefined;
    for (let i = 0; i < 4; i++) {
      const location = await created(server, {
        resourceType: 'Location',
        name: `l${i}`,
        ...(parent === undefined ? {} : { partOf: { reference: parent } }),
      });
      parent = `Location/${location.id}`;
      ids.push(location.id);
    }
  });
  after(() => server.close());

  it('within the depth: answered; past it: too-costly (422) at _include, not a page silently cut', async () => {
    // From l2: l1, then l0 (one :iterate round), then nothing more.
    const shallow = await bundle(server, `Location?_id=${ids[2]}&_include:iterate=Location:partof`);
    expect(shallow.entry?.length).to.equal(3);
    const deep = expectOutcome(
      await call(server, 'GET', `Location?_id=${ids[3]}&_include:iterate=Location:partof`),
      422,
    );
    expect(deep.issue[0]?.code).to.equal('too-costly');
    expect(deep.issue[0]?.expression).to.deep.equal(['_include']);
  });
});
