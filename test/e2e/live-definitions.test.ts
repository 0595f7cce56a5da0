// Validation settings and stored definitions through the program (validation.html): a setting the
// server cannot honour stops its start with a message naming it, and a StructureDefinition written
// to one server process is used for validation by another sharing the database within seconds.
import type { OperationOutcome, Patient, StructureDefinition } from '@medplum/fhirtypes';
import { DefinitionRegistry } from '@nexushealth/profiles';
import { expect } from 'chai';
import { requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { eventually } from '../support/eventually.js';
import { raw } from '../support/raw-http.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';

const URL = 'http://example.org/fhir/StructureDefinition/e2e-born';
const START_TIMEOUT_MS = 120_000;

/** A profile on Patient whose one constraint is birthDate 1..1 (the R4 Patient snapshot, changed). */
function bornProfile(): StructureDefinition {
  const core = DefinitionRegistry.r4().structureDefinition('http://hl7.org/fhir/StructureDefinition/Patient');
  const { id: _id, text: _text, meta: _meta, extension: _extension, ...rest } = core as StructureDefinition;
  const element = (rest.snapshot?.element ?? []).map((e) => (e.path === 'Patient.birthDate' ? { ...e, min: 1 } : e));
  return { ...rest, url: URL, name: 'E2eBorn', derivation: 'constraint', snapshot: { element } };
}

describe('validation.html — settings and stored definitions through the program', function (this: Mocha.Suite) {
  this.timeout(400_000);

  it('an unknown REQUIRED_PROFILES url or an unreadable IG_PACKAGES path stops the start, naming it', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ REQUIRED_PROFILES: 'Patient=http://example.org/nope' }, 'no StructureDefinition http://example.org/nope'],
      [{ IG_PACKAGES: '/nonexistent/us-core.tgz' }, 'IG_PACKAGES: /nonexistent/us-core.tgz is not loaded'],
      [{ VALIDATION: 'strict' }, 'VALIDATION must be one of off, base, profiles'],
    ];
    for (const [env, message] of cases) {
      const failed = await startServer({ env, startTimeoutMs: START_TIMEOUT_MS }).then(
        async (server) => {
          await server.stop();
          return 'it started';
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(failed, JSON.stringify(env)).to.contain('exited').and.contain(message);
    }
  });

  describe('two server processes sharing one FerretDB', () => {
    const servers: RunningServer[] = [];
    let cleanUp = async () => {};

    before(async function () {
      const services = requireTestServices(this.test?.parent?.title ?? 'live definitions');
      if (services === undefined) return this.skip();
      const first = await startServer({
        mongodbUrl: services.mongodbUrl,
        databasePrefix: 'definitions',
        startTimeoutMs: START_TIMEOUT_MS,
      });
      servers.push(first);
      const databaseName = first.databaseName ?? '';
      servers.push(
        await startServer({ mongodbUrl: services.mongodbUrl, databaseName, startTimeoutMs: START_TIMEOUT_MS }),
      );
      cleanUp = async () => {
        await Promise.all(servers.map((server) => server.stop()));
        await dropDatabase(withDatabase(services.mongodbUrl, databaseName));
      };
    });
    after(() => cleanUp());

    it('a StructureDefinition written to one is used by the other within seconds (validation.html)', async () => {
      const [writer, reader] = servers as [RunningServer, RunningServer];
      const claiming: Patient = { resourceType: 'Patient', meta: { profile: [URL] } };
      const validate = () =>
        raw(reader.baseUrl, `Patient/$validate?profile=${encodeURIComponent(URL)}`, { method: 'POST', body: claiming });
      expect((await validate()).status).to.equal(400);
      const stored = await raw(writer.baseUrl, 'StructureDefinition', { method: 'POST', body: bornProfile() });
      expect(stored.status, stored.text).to.equal(201);
      const answer = await eventually(validate, (response) => response.status === 200, 15_000);
      expect(answer.status, answer.text).to.equal(200);
      const errors = (answer.json as OperationOutcome).issue.filter((i) => i.severity === 'error');
      expect(errors.flatMap((i) => i.expression ?? [])).to.deep.equal(['Patient.birthDate']);
      // Only the claimed profile refuses it: 422 (http.html#create).
      const refused = await raw(reader.baseUrl, 'Patient', { method: 'POST', body: claiming });
      expect(refused.status, refused.text).to.equal(422);
    });
  });
});
