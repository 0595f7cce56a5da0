// A bounded, seeded fuzz of the REST API against the real program (issue 6, "How to show it"):
// random and mutated requests; none may answer 5xx (but 501), hang, or take the server down.
// `npm run fuzz` runs the same for longer (FUZZ_SECONDS) with any seed (FUZZ_SEED). Without
// authentication (loopback): the fuzz aims at the engine, not at the token check in front of it.
import { expect } from 'chai';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { sharedDataDir } from '../harness/services.js';
import { formatReport, runFuzz } from '../fuzz/fuzz-run.js';
import { describeOnEachStore } from '../support/store-variants.js';

const REQUESTS = 300;
const SEED = 20261204;

describeOnEachStore(
  'fuzz: random and mutated requests (http.html#ops)',
  { timeoutMs: 600_000, env: () => ({ AUTH_MODE: 'off' }) },
  (ctx) => {
    it(`${REQUESTS} requests, seed ${SEED}: no 5xx, no hang, every refusal an OperationOutcome, the server alive`, async () => {
      const data = sharedDataDir();
      const examplesDir = data === undefined ? undefined : path.join(data, 'fhir-r4-examples');
      const report = await runFuzz({
        baseUrl: ctx.server.baseUrl,
        origin: ctx.server.origin,
        seed: SEED,
        requests: REQUESTS,
        concurrency: 2,
        ...(examplesDir !== undefined && existsSync(examplesDir) ? { examplesDir } : {}),
      });
      const summary = formatReport(report);
      expect(report.failures, summary).to.deep.equal([]);
      expect(report.alive, summary).to.equal(true);
      expect(ctx.server.exitCode(), summary).to.equal(undefined);
      expect(report.sent).to.equal(REQUESTS);
      // The run reached the engine: stored resources were made, read and searched.
      expect(report.byStatus['201'] ?? 0, summary).to.be.greaterThan(0);
      expect(report.byStatus['200'] ?? 0, summary).to.be.greaterThan(0);
    });
  },
);
