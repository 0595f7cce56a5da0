// DESIGN "A request's way": validate → authorize → store → audit, one unit of work. A process
// killed while creates are in flight (NEXUS_FAULT_KILL_AFTER_WRITES=1: once a unit has applied
// its first write, before its AuditEvent) leaves, after the restart, no resource without its
// AuditEvent: the journal rolls back the unit that was cut short, the others landed whole.
import type { AuditEvent } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { raw } from '../support/raw-http.js';
import { startServer, withDatabase } from '../support/server-process.js';

const AUTH_OFF = { AUTH_MODE: 'off' };

/** Patient ids stored, and the Patients the create AuditEvents of success name. */
async function createsAndTheirEvents(url: string): Promise<{ patients: string[]; audited: Set<string> }> {
  const client = await MongoClient.connect(url);
  try {
    const db = client.db();
    const patients = (await db.collection('Patient').find({}).toArray()).map((doc) => String(doc._id));
    const events = (await db.collection('AuditEvent').find({}).toArray()).map((doc) => doc.resource as AuditEvent);
    const audited = new Set(
      events
        .filter((e) => e.outcome === '0' && e.subtype?.some((s) => s.code === 'create'))
        .flatMap((e) => (e.entity ?? []).map((entity) => entity.what?.reference ?? '')),
    );
    return { patients, audited };
  } finally {
    await client.close();
  }
}

describe('auditevent.html — a write and its AuditEvent survive a crash together (DESIGN: one unit of work) [FerretDB]', function (this: Mocha.Suite) {
  this.timeout(240_000);
  let mongodbUrl = '';
  let databaseName = '';

  before(function () {
    const services = requireTestServices(this.test?.parent?.title ?? 'audit unit crash');
    if (services === undefined) return this.skip();
    mongodbUrl = services.mongodbUrl;
  });
  after(async function () {
    if (databaseName) await dropDatabase(withDatabase(mongodbUrl, databaseName));
  });

  it('killed with creates in flight: after the restart every stored Patient has its create AuditEvent', async function () {
    const seeding = await startServer({ mongodbUrl, databasePrefix: 'auditunit', env: AUTH_OFF });
    databaseName = seeding.databaseName ?? '';
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await raw(seeding.baseUrl, 'Patient', { method: 'POST', body: { resourceType: 'Patient' } });
        expect(answer.status, answer.text).to.equal(201);
      }
    } finally {
      await seeding.stop();
    }
    const crashing = await startServer({
      mongodbUrl,
      databaseName,
      env: { ...AUTH_OFF, NEXUS_FAULT_KILL_AFTER_WRITES: '1' },
    });
    await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        raw(crashing.baseUrl, 'Patient', { method: 'POST', body: { resourceType: 'Patient' } }),
      ),
    );
    expect((await crashing.exited).signal).to.equal('SIGKILL');
    const restarted = await startServer({ mongodbUrl, databaseName, env: { ...AUTH_OFF, RECOVER_AFTER_MS: '0' } });
    try {
      const { patients, audited } = await createsAndTheirEvents(withDatabase(mongodbUrl, databaseName));
      expect(patients.length).to.be.at.least(3);
      expect(
        patients.filter((id) => !audited.has(`Patient/${id}`)),
        'Patients without an AuditEvent',
      ).to.deep.equal([]);
    } finally {
      await restarted.stop();
    }
  });
});
