// Conditional create never duplicates under concurrency (http.html#ccreate; DESIGN "Data in
// MongoDB": a unique key on the condition, not a search-then-insert race): 50 identical
// conditional creates, conditional updates (http.html#cond-update) and transactions with
// ifNoneExist (bundle.html#transaction) fired at once make exactly one resource, on each store
// and through two server processes sharing one FerretDB database.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { raw, type RawResponse } from '../support/raw-http.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';
import { describeOnEachStore } from '../support/store-variants.js';
import { uniqueTag } from '../support/unique-tag.js';

const PARALLEL = 50;
const SYSTEM = 'urn:e2e:race';

type Send = (value: string, attempt: number) => Promise<RawResponse>;

const patient = (value: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: SYSTEM, value }] });

/** The three conditional writes, each sent to the base the caller picks per attempt. */
function conditionalWrites(baseOf: (attempt: number) => string): Record<string, Send> {
  return {
    'conditional create (If-None-Exist)': (value, i) =>
      raw(baseOf(i), 'Patient', {
        method: 'POST',
        body: patient(value),
        headers: { 'If-None-Exist': `identifier=${SYSTEM}|${value}` },
      }),
    'conditional update (PUT ?identifier=)': (value, i) =>
      raw(baseOf(i), `Patient?identifier=${SYSTEM}|${value}`, { method: 'PUT', body: patient(value) }),
    'transaction entry with ifNoneExist': (value, i) =>
      raw(baseOf(i), '', {
        method: 'POST',
        body: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              resource: patient(value),
              request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${SYSTEM}|${value}` },
            },
          ],
        },
      }),
  };
}

/** The status a write reports: the response's, or the one entry's for a transaction. */
function writeStatus(response: RawResponse): string {
  const body = response.json as Bundle | undefined;
  if (response.status === 200 && body?.resourceType === 'Bundle')
    return body.entry?.[0]?.response?.status.split(' ')[0] ?? '?';
  return String(response.status);
}

/** Fires PARALLEL identical writes and expects exactly one resource: 1 × 201, the rest 200. */
async function expectExactlyOne(send: Send, searchBase: string): Promise<void> {
  const value = uniqueTag('race');
  const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => send(value, i)));
  const statuses = responses.map(writeStatus);
  const tally = (s: string) => statuses.filter((x) => x === s).length;
  expect({ created: tally('201'), matched: tally('200') }, statuses.join(' ')).to.deep.equal({
    created: 1,
    matched: PARALLEL - 1,
  });
  const found = await raw(searchBase, `Patient?identifier=${SYSTEM}|${value}&_total=accurate`);
  expect((found.json as Bundle).total, 'resources under the condition').to.equal(1);
}

describeOnEachStore(`http.html#ccreate — ${PARALLEL} parallel identical conditional writes`, {}, (ctx) => {
  for (const [name, send] of Object.entries(conditionalWrites(() => ctx.server.baseUrl))) {
    it(`${name}: exactly one resource`, () => expectExactlyOne(send, ctx.server.baseUrl));
  }
});

describe(`http.html#ccreate — ${PARALLEL} parallel identical conditional writes through two server processes sharing one FerretDB`, function (this: Mocha.Suite) {
  this.timeout(180_000);
  const servers: RunningServer[] = [];
  let cleanUp = async () => {};

  before(async function () {
    const services = requireTestServices(this.test?.parent?.title ?? 'two processes');
    if (services === undefined) return this.skip();
    const first = await startServer({ mongodbUrl: services.mongodbUrl, databasePrefix: 'race' });
    servers.push(first);
    servers.push(await startServer({ mongodbUrl: services.mongodbUrl, databaseName: first.databaseName ?? '' }));
    cleanUp = async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await dropDatabase(withDatabase(services.mongodbUrl, first.databaseName ?? ''));
    };
  });

  after(() => cleanUp());

  const baseOf = (attempt: number) => servers[attempt % 2]?.baseUrl ?? '';
  for (const [name, send] of Object.entries(conditionalWrites(baseOf))) {
    it(`${name}: exactly one resource`, () => expectExactlyOne(send, baseOf(0)));
  }
});
