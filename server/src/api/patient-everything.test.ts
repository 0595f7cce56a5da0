import type { Bundle, Encounter, Observation, Patient, Practitioner } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const next = (page: Bundle) => page.link?.find((link) => link.relation === 'next')?.url;

/** `Type/id` of a page's entries in one search mode. */
function keys(page: Bundle, mode: 'match' | 'include'): string[] {
  return (page.entry ?? []).flatMap((e) =>
    e.search?.mode === mode && e.resource ? [`${e.resource.resourceType}/${e.resource.id ?? ''}`] : [],
  );
}

describe('patient-operation-everything.html — Patient/[id]/$everything', () => {
  let server: TestServer;
  let patient: string;
  let practitioner: string;
  const own: string[] = [];
  const observation = (subject: string) =>
    created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'pulse' },
      subject: { reference: subject },
    });

  before(async () => {
    server = await startTestServer();
    patient = `Patient/${(await created<Patient>(server, { resourceType: 'Patient' })).id}`;
    practitioner = `Practitioner/${(await created<Practitioner>(server, { resourceType: 'Practitioner' })).id}`;
    const other = `Patient/${(await created<Patient>(server, { resourceType: 'Patient' })).id}`;
    own.push(patient);
    for (let i = 0; i < 12; i++) own.push(`Observation/${(await observation(patient)).id}`);
    await observation(other);
    const encounter = await created<Encounter>(server, {
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: patient },
      participant: [{ individual: { reference: practitioner } }],
    });
    own.push(`Encounter/${encounter.id}`);
  });
  after(() => server.close());

  async function everything(query: string, between: () => Promise<void> = async () => {}) {
    const pages: Bundle[] = [];
    for (let url: string | undefined = `${patient}/$everything?${query}`; url; url = next(pages.at(-1) as Bundle)) {
      pages.push(await bundle(server, url));
      await between();
    }
    return pages;
  }

  // The AuditEvents of the test's own calls name the patient, so R4 puts them in the compartment.
  it('pages through the compartment, the patient included, each once, its AuditEvents left out; referenced resources as includes', async () => {
    const pages = await everything('_count=5');
    expect(pages.length).to.be.greaterThan(2);
    const matches = pages.flatMap((p) => keys(p, 'match'));
    expect([...matches].sort()).to.deep.equal([...own].sort());
    const included = pages.flatMap((p) => keys(p, 'include'));
    expect(included).to.include(practitioner);
    // Compartment members come once, as matches; only what lies outside it is included.
    expect(included.filter((k) => own.includes(k))).to.deep.equal([]);
    for (const page of pages) expect(keys(page, 'match').length).to.be.at.most(5);
  });

  it("_type limits the included resources too (the operation's _type)", async () => {
    const typed = await everything('_type=Observation');
    expect(typed.flatMap((p) => keys(p, 'include'))).to.deep.equal([]);
    const withPractitioner = await everything('_type=Encounter,Practitioner');
    expect(withPractitioner.flatMap((p) => keys(p, 'include'))).to.deep.equal([practitioner]);
  });

  it('stays stable while the compartment grows (http.html#paging)', async () => {
    let added = false;
    const pages = await everything('_count=4', async () => {
      if (!added) await observation(patient);
      added = true;
    });
    expect([...pages.flatMap((p) => keys(p, 'match'))].sort()).to.deep.equal([...own].sort());
  });

  it('_type and _since narrow it', async () => {
    const typed = await everything('_type=Encounter,Patient');
    expect(typed.flatMap((p) => keys(p, 'match')).sort()).to.deep.equal(own.filter((k) => !k.startsWith('Obs')).sort());
    server.clock.advance(60_000);
    const since = server.clock.now().toISOString();
    server.clock.advance(1000);
    const fresh = `Observation/${(await observation(patient)).id}`;
    const recent = await everything(`_since=${since}`);
    expect(recent.flatMap((p) => keys(p, 'match'))).to.deep.equal([fresh]);
  });

  it('POST with a Parameters body (operations.html#executing)', async () => {
    const result = await call<Bundle>(server, 'POST', `${patient}/$everything`, {
      body: { resourceType: 'Parameters', parameter: [{ name: '_type', valueCode: 'Patient' }] },
    });
    expect(keys(result.body as Bundle, 'match')).to.deep.equal([patient]);
  });

  it('start/end are refused as not supported; an unknown patient is 404', async () => {
    expectOutcome(await call(server, 'GET', `${patient}/$everything?start=2020-01-01`), 400);
    expectOutcome(await call(server, 'GET', 'Patient/nope/$everything'), 404);
  });
});
