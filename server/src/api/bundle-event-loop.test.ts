import type { BundleEntry } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const ENTRIES = 2000;

function observations(count: number): BundleEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    resource: { resourceType: 'Observation', status: 'final', code: { text: `reading ${i}` } },
    request: { method: 'POST', url: 'Observation' },
  }));
}

/**
 * A large batch or transaction (http.html#transaction) shares the event loop with every other
 * request: while it is prepared, validated, indexed and answered, liveness probes and reads
 * must still be answered, not queued behind it.
 */
describe('http.html#transaction — a large Bundle does not hold up other requests', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    // The first request compiles what the validator compiles lazily; not what is measured.
    await call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry: observations(1) } });
  });
  after(() => server.close());

  for (const type of ['transaction', 'batch'] as const) {
    it(`/healthz and a read answer while a ${ENTRIES}-entry ${type} runs (http.html#transaction)`, async () => {
      const origin = new URL(server.baseUrl).origin;
      let done = false;
      const bundle = call(server, 'POST', '', { body: { resourceType: 'Bundle', type, entry: observations(ENTRIES) } });
      void bundle.then(() => (done = true));
      // Let the Bundle's body arrive and its processing start.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answeredDuring: number[] = [];
      while (!done && answeredDuring.length < 5) {
        const started = performance.now();
        const [health, read] = await Promise.all([fetch(`${origin}/healthz`), call(server, 'GET', 'Observation/none')]);
        expect(health.status).to.equal(200);
        expect(read.status).to.equal(404);
        if (!done) answeredDuring.push(performance.now() - started);
      }
      expect((await bundle).status).to.equal(200);
      expect(answeredDuring, 'probes answered before the Bundle finished').to.not.be.empty;
    });
  }
});
