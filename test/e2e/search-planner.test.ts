// The search planner through the program on FerretDB (search.html#chaining, #include,
// http.html#paging): a search set saved by one server process is paged on by another sharing the
// database, and stays stable while both write.
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { raw } from '../support/raw-http.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';
import { uniqueTag } from '../support/unique-tag.js';

const TAGS = 'urn:e2e:planner';

async function json<T>(base: string, path: string, request: Parameters<typeof raw>[2] = {}): Promise<T> {
  const response = await raw(base, path, request);
  expect(response.status, response.text).to.be.within(200, 201);
  return response.json as T;
}

const ids = (page: Bundle, type: string, mode = 'match') =>
  (page.entry ?? []).flatMap((e) =>
    e.search?.mode === mode && e.resource?.resourceType === type ? [e.resource.id ?? ''] : [],
  );

describe('search.html — the planner through two server processes sharing one FerretDB', function (this: Mocha.Suite) {
  this.timeout(400_000);
  const servers: RunningServer[] = [];
  let cleanUp = async () => {};
  const tag = uniqueTag('planner');
  const patients: string[] = [];

  before(async function () {
    const services = requireTestServices(this.test?.parent?.title ?? 'planner');
    if (services === undefined) return this.skip();
    // A loaded machine (two CPUs shared by several suites) can take long to start the program.
    const startTimeoutMs = 120_000;
    const first = await startServer({ mongodbUrl: services.mongodbUrl, databasePrefix: 'planner', startTimeoutMs });
    servers.push(first);
    servers.push(
      await startServer({ mongodbUrl: services.mongodbUrl, databaseName: first.databaseName ?? '', startTimeoutMs }),
    );
    cleanUp = async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await dropDatabase(withDatabase(services.mongodbUrl, first.databaseName ?? ''));
    };
    const base = first.baseUrl;
    for (let i = 0; i < 12; i++) {
      const body: Patient = {
        resourceType: 'Patient',
        meta: { tag: [{ system: TAGS, code: tag }] },
        name: [{ family: `Fam${String(i).padStart(2, '0')}` }],
      };
      const patient = await json<Patient>(base, 'Patient', { method: 'POST', body });
      patients.push(patient.id ?? '');
      const observation: Observation = {
        resourceType: 'Observation',
        status: 'final',
        code: { text: tag },
        subject: { reference: `Patient/${patient.id ?? ''}` },
      };
      await json(base, 'Observation', { method: 'POST', body: observation });
    }
  });
  after(() => cleanUp());

  const base = (i: number) => servers[i % 2]?.baseUrl ?? '';
  /** A link of one process, sent to the other. */
  const onOther = (url: string, i: number) => url.replace(base(0), base(i));

  it('pages saved by one process are read by the other, stable under writes (http.html#paging)', async () => {
    const seen: string[] = [];
    let url: string | undefined = `Patient?_tag=${TAGS}|${tag}&_sort=family&_count=5`;
    for (let page = 0; url !== undefined; page++) {
      const bundle: Bundle = await json<Bundle>(base(page), onOther(url, page));
      expect(bundle.total).to.equal(12);
      seen.push(...ids(bundle, 'Patient'));
      if (page === 0) {
        const body = { resourceType: 'Patient', meta: { tag: [{ system: TAGS, code: tag }] }, name: [{ family: 'A' }] };
        await json(base(1), 'Patient', { method: 'POST', body });
      }
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen).to.deep.equal(patients);
  });

  it('a chained search and an _include on FerretDB (search.html#chaining, #include)', async () => {
    const chained = await json<Bundle>(base(1), `Observation?subject:Patient.family=Fam03&code:text=${tag}`);
    expect(ids(chained, 'Observation')).to.have.length(1);
    const included = await json<Bundle>(base(0), `Observation?code:text=${tag}&_include=Observation:subject&_count=4`);
    expect(ids(included, 'Observation')).to.have.length(4);
    expect(ids(included, 'Patient', 'include')).to.have.length(4);
  });
});
