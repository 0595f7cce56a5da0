// A crash in the middle of a transaction leaves nothing half-applied after the restart
// (http.html#trules: a transaction succeeds or fails as a whole; DESIGN "Data in MongoDB": a
// journal rolls back what a crashed unit applied). The real program is killed by SIGKILL at a
// chosen write of the unit (NEXUS_FAULT_KILL_AFTER_WRITES, a test-only knob of main.ts),
// restarted on the same FerretDB database, and the database is compared document by document.
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { raw } from '../support/raw-http.js';
import { startServer, withDatabase } from '../support/server-process.js';

const SYSTEM = 'urn:e2e:crash';
const NEW_PATIENT = 'urn:uuid:5a1d0b6e-7c42-4f0e-9d55-0c6f1e2b3a40';

/** Seeds what the transaction updates, deletes and conditionally updates. */
const SEED: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    put({ resourceType: 'Patient', id: 'crash-upd', identifier: [{ system: SYSTEM, value: 'upd' }], gender: 'male' }),
    put({
      resourceType: 'Observation',
      id: 'crash-cond',
      identifier: [{ system: SYSTEM, value: 'obs' }],
      status: 'preliminary',
      code: { text: 'weight' },
      subject: { reference: 'Patient/crash-upd' },
    }),
    put({ resourceType: 'Observation', id: 'crash-del', status: 'final', code: { text: 'height' } }),
  ],
};

/**
 * Five writes (and the transaction's AuditEvent, the sixth of the unit), listed out of processing order; applied DELETE, POST, POST, PUT, PUT
 * (bundle.html#transaction): a conditional create claiming a unique key, a create referring to
 * it by urn:uuid, an update, a conditional update and a delete of existing resources.
 */
const TRANSACTION: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    put({ resourceType: 'Patient', id: 'crash-upd', identifier: [{ system: SYSTEM, value: 'upd' }], gender: 'female' }),
    {
      fullUrl: NEW_PATIENT,
      resource: { resourceType: 'Patient', identifier: [{ system: SYSTEM, value: 'new' }] },
      request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${SYSTEM}|new` },
    },
    { request: { method: 'DELETE', url: 'Observation/crash-del' } },
    {
      resource: {
        resourceType: 'Observation',
        identifier: [{ system: SYSTEM, value: 'obs' }],
        status: 'final',
        code: { text: 'weight' },
        subject: { reference: NEW_PATIENT },
      },
      request: { method: 'PUT', url: `Observation?identifier=${SYSTEM}|obs` },
    },
    {
      resource: {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: NEW_PATIENT },
      },
      request: { method: 'POST', url: 'Encounter' },
    },
  ],
};
const WRITES = 5;

function put(
  resource: { resourceType: string; id: string } & Record<string, unknown>,
): NonNullable<Bundle['entry']>[number] {
  return { resource: resource as never, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
}

/** Every non-empty collection of the database, its documents ordered by `_id`. */
async function dump(url: string): Promise<Record<string, unknown[]>> {
  const client = await MongoClient.connect(url);
  try {
    const db = client.db();
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name).sort();
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
      if (docs.length > 0) out[name] = docs;
    }
    return out;
  } finally {
    await client.close();
  }
}

/** The dump without the AuditEvents of security events (tokens issued): only REST interactions' events. */
function withoutTokenEvents(dumped: Record<string, unknown[]>): Record<string, unknown[]> {
  const rest = (docs: unknown[] = []) =>
    docs.filter((doc) => (doc as { resource?: AuditEvent }).resource?.type.code === 'rest');
  return { ...dumped, AuditEvent: rest(dumped.AuditEvent), AuditEvent_history: rest(dumped.AuditEvent_history) };
}

describe('http.html#trules — a transaction killed at a chosen write leaves nothing half-applied after restart [FerretDB]', function (this: Mocha.Suite) {
  this.timeout(240_000);
  let mongodbUrl = '';
  let databaseName = '';

  before(async function () {
    const services = requireTestServices(this.test?.parent?.title ?? 'transaction crash');
    if (services === undefined) return this.skip();
    mongodbUrl = services.mongodbUrl;
    const seeding = await startServer({ mongodbUrl, databasePrefix: 'crash' });
    databaseName = seeding.databaseName ?? '';
    try {
      const seeded = await raw(seeding.baseUrl, '', { method: 'POST', body: SEED });
      expect(seeded.status, seeded.text).to.equal(200);
    } finally {
      await seeding.stop();
    }
  });

  after(async function () {
    if (databaseName) await dropDatabase(withDatabase(mongodbUrl, databaseName));
  });

  for (const k of [1, 3, WRITES]) {
    it(`killed after ${k} of ${WRITES} writes: the restart finds the database exactly as before`, async function () {
      const url = withDatabase(mongodbUrl, databaseName);
      // The database as this crash finds it: the seed, and what earlier crashes' restarts left
      // (a link each claimed and never wrote, their stops' own records).
      const original = await dump(url);
      const crashing = await startServer({
        mongodbUrl,
        databaseName,
        env: { NEXUS_FAULT_KILL_AFTER_WRITES: String(k) },
      });
      const answer = await raw(crashing.baseUrl, '', { method: 'POST', body: TRANSACTION }).then(
        (response) => `answered ${response.status}`,
        () => 'no answer',
      );
      expect(answer, 'the process died in the middle of the transaction').to.equal('no answer');
      expect((await crashing.exited).signal).to.equal('SIGKILL');
      const crashed = await dump(url);
      expect(crashed._journal, 'the unit is left journalled').to.have.length(1);
      if (k > 0)
        expect(crashed, 'some writes were applied').to.not.deep.equal({ ...original, _journal: crashed._journal });

      // RECOVER_AFTER_MS=0: the crashed process is gone (SIGKILL seen above) and no other runs on
      // this database, so the restart may take every journal at once. With the default it would
      // spare the unit until the dead owner's heartbeat is 30 s old (the multi-process rule).
      const restarted = await startServer({ mongodbUrl, databaseName, env: { RECOVER_AFTER_MS: '0' } });
      try {
        // Compared before any request: a read would add its AuditEvent. The transaction's
        // AuditEvent is in its unit, so it is rolled back with it; the chain link the dead process
        // had claimed for it stays, a break the verifier reports (audit-chain.ts: never silent).
        // Each start registers its HL7 worker client and spends assertion jtis (auth_*): not data.
        // The token the harness fetched to send the transaction is a real event: its AuditEvent stays.
        const after = await dump(url);
        const tokenEvents = (dumped: Record<string, unknown[]>) =>
          (dumped.AuditEvent?.length ?? 0) - (withoutTokenEvents(dumped).AuditEvent?.length ?? 0);
        const { _audit_chain: links = [], auth_clients: _c, auth_jti: _j, ...restored } = withoutTokenEvents(after);
        const {
          _audit_chain: originalLinks = [],
          auth_clients: _oc,
          auth_jti: _oj,
          ...before
        } = withoutTokenEvents(original);
        expect(restored, 'resources, history, unique keys and interaction AuditEvents as before').to.deep.equal(before);
        expect(links.slice(0, originalLinks.length)).to.deep.equal(originalLinks);
        // At most the link the dead process claimed, beside those of the token events.
        expect(links.length - originalLinks.length).to.be.at.most(1 + tokenEvents(after) - tokenEvents(original));
      } finally {
        await restarted.stop();
      }
    });
  }

  it('after the crashes and restarts, the same transaction succeeds', async function () {
    const server = await startServer({ mongodbUrl, databaseName });
    try {
      const response = await raw(server.baseUrl, '', { method: 'POST', body: TRANSACTION });
      expect(response.status, response.text).to.equal(200);
      const statuses = (response.json as Bundle).entry?.map((e) => e.response?.status.split(' ')[0]);
      expect(statuses, 'in request order').to.deep.equal(['200', '201', '204', '200', '201']);
      const updated = await raw(server.baseUrl, 'Patient/crash-upd');
      expect(updated.json).to.include({ gender: 'female' }).and.nested.include({ 'meta.versionId': '2' });
      expect((await raw(server.baseUrl, 'Observation/crash-del')).status).to.equal(410);
      const byKey = await raw(server.baseUrl, `Patient?identifier=${SYSTEM}|new`);
      expect((byKey.json as Bundle).entry, 'one Patient under the condition').to.have.length(1);
    } finally {
      await server.stop();
    }
  });
});
