import type { Bundle, Observation, Patient, SearchParameter } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { Logger } from '../interactions/engine-context.js';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const parameter = (code: string, expression: string, base: 'Patient' | 'Observation' = 'Patient'): SearchParameter => ({
  resourceType: 'SearchParameter',
  url: `http://example.org/fhir/SearchParameter/${code}`,
  name: code,
  status: 'active',
  description: code,
  code,
  base: [base],
  type: 'string',
  expression,
});

/** Two given names under an official name: what `where(use='official').given.single()` fails on. */
const twoGiven = (): Patient => ({
  resourceType: 'Patient',
  name: [{ use: 'official', family: 'Secretname', given: ['Anna', 'Maria'] }],
  gender: 'female',
});

describe('searchparameter.html — evaluating SearchParameters defined at runtime', () => {
  let server: TestServer;
  const warnings: Array<Record<string, unknown>> = [];
  const logger: Logger = {
    info: () => undefined,
    warn: (message, fields) => warnings.push({ message, ...fields }),
    error: (message, fields) => warnings.push({ message, ...fields }),
  };

  beforeEach(async () => {
    warnings.length = 0;
    server = await startTestServer({ logger });
  });
  afterEach(() => server.close());

  it('an expression that fails on a small resource of its base is 400 at create (searchparameter.html)', async () => {
    for (const expression of [
      'Patient.name.given.single()',
      'Patient.name.select(%undefinedvar)',
      'Patient.name.nosuchfunction()',
      'Patient.nosuchfunction()',
    ]) {
      const outcome = expectOutcome(
        await call(server, 'POST', 'SearchParameter', { body: parameter('bad', expression) }),
        400,
      );
      expect(
        outcome.issue.flatMap((i) => i.expression ?? []),
        expression,
      ).to.include('SearchParameter.expression');
    }
    expect((await bundle(server, 'SearchParameter')).total).to.equal(0);
    expect((await call(server, 'POST', 'Patient', { body: twoGiven() })).status).to.equal(201);
  });

  it('a runtime parameter failing on a resource indexes nothing for it; writes and reindex go on (searchparameter.html)', async () => {
    const existing = await created(server, twoGiven());
    // Passes the create check (the probe has no official name) but fails on real data.
    await created(server, parameter('official-given', "Patient.name.where(use = 'official').given.single()"));
    await created(server, parameter('official-family', "Patient.name.where(use = 'official').family"));
    await server.app.searchParameters.idle();
    const posted = await call<Patient>(server, 'POST', 'Patient', { body: twoGiven() });
    expect(posted.status).to.equal(201);
    const id = posted.body?.id ?? '';
    expect((await call(server, 'PUT', `Patient/${id}`, { body: { ...twoGiven(), id } })).status).to.equal(200);
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: twoGiven(), request: { method: 'POST', url: 'Patient' } }],
    };
    expect((await call(server, 'POST', '', { body: transaction })).status).to.equal(200);
    const found = idsOf(await bundle(server, 'Patient?official-family=secretname'));
    expect(found).to.include.members([existing.id, id]).and.have.length(3);
    expect(idsOf(await bundle(server, 'Patient?official-given=anna'))).to.deep.equal([]);
    const failures = warnings.filter((w) => w['message'] === 'search parameter not evaluated');
    expect(failures.map((w) => w['id'])).to.include.members([existing.id, id]);
    expect(failures[0]).to.include({
      url: 'http://example.org/fhir/SearchParameter/official-given',
      resourceType: 'Patient',
    });
    // No PHI in the log: the url and the resource's type/id only.
    expect(JSON.stringify(warnings)).to.not.match(/Anna|Maria|Secretname/);
  });

  it('descendants() selects elements, its values are indexed (searchparameter.html)', async () => {
    const observation: Observation = { resourceType: 'Observation', status: 'final', code: { text: 'Glucose' } };
    const { id } = await created(server, observation);
    await created(server, parameter('any-text', 'Observation.descendants().ofType(string)', 'Observation'));
    await server.app.searchParameters.idle();
    expect(idsOf(await bundle(server, 'Observation?any-text=glucose'), 'Observation')).to.deep.equal([id]);
  });
});
