import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const PATIENTS = 1_000;

/**
 * A search no index serves is bounded in time (SEARCH_TIME_LIMIT_MS; issue code `too-costly`,
 * http://hl7.org/fhir/R4/valueset-issue-type.html): past the limit the client gets a 422
 * OperationOutcome — alone, or as its entry in a batch — never a 500 or a hang.
 */
describe('search.html — a search past the time limit answers too-costly (422)', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ searchTimeLimitMs: 1 });
    const entry: BundleEntry[] = Array.from({ length: PATIENTS }, (_, i) => ({
      resource: {
        resourceType: 'Patient',
        name: [{ family: `Family${i}`, given: Array.from({ length: 10 }, (_, g) => `Given${i}x${g}`) }],
      },
      request: { method: 'POST', url: 'Patient' },
    }));
    const loaded = await call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } });
    expect(loaded.status, loaded.text).to.equal(200);
  });

  after(() => server.close());

  it('a search answers a 422 OperationOutcome with issue code too-costly', async () => {
    const outcome = expectOutcome(await call(server, 'GET', 'Patient?name:contains=no-such-name'), 422);
    expect(outcome.issue[0]?.code).to.equal('too-costly');
  });

  it('a search entry of a batch answers 422 too-costly on its own; the batch is 200', async () => {
    const batch = await call<Bundle>(server, 'POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [{ request: { method: 'GET', url: 'Patient?name:contains=no-such-name' } }],
      },
    });
    expect(batch.status, batch.text).to.equal(200);
    const [entry] = batch.body?.entry ?? [];
    expect(entry?.response?.status).to.match(/^422/);
    expect(entry?.response?.outcome).to.nested.include({ 'issue[0].code': 'too-costly' });
  });
});
