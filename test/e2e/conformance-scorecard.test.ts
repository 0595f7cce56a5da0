// The `npm run conformance` scorecard as a test: every check over plain HTTP against the real
// program, on the memory store and on FerretDB + Redis, so what the server declares stays true.
import { expect } from 'chai';
import { ALL_CHECKS } from '../scorecard/all-checks.js';
import { formatScorecard, runChecks } from '../scorecard/check.js';
import { seedFixture } from '../scorecard/fixture.js';
import { Wire } from '../scorecard/wire.js';
import { describeOnEachStore } from '../support/store-variants.js';

describeOnEachStore('conformance scorecard (http.html, search.html, bundle.html)', { timeoutMs: 300_000 }, (ctx) => {
  it('every check passes', async () => {
    const wire = new Wire(ctx.server.baseUrl);
    const results = await runChecks(wire, await seedFixture(wire), ALL_CHECKS);
    const failed = results.filter((r) => r.error !== undefined);
    expect(failed.length, formatScorecard(results)).to.equal(0);
    expect(results.length).to.equal(ALL_CHECKS.length);
  });
});
