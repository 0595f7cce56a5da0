import type { AuditEvent, Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * DESIGN "A request's way": validate → authorize → store → audit, one unit of work. A write's
 * success AuditEvent is committed in the write's own unit (the AuditEvent is its last write),
 * so a failed audit append rolls the change back and the request fails: never a change
 * without its AuditEvent, nor a success event for a change that was not made.
 */
describe('AuditEvent in the unit of work of the write it records (auditevent.html, DESIGN)', () => {
  let server: TestServer;
  /** Fails the `unit`-th unit of work that reaches its write `index` (the AuditEvent); none when undefined. */
  let failAt: { unit: number; index: number } | undefined;
  let reached = 0;
  const fail = async <T>(at: { unit: number; index: number }, request: () => Promise<T>): Promise<T> => {
    failAt = at;
    reached = 0;
    try {
      return await request();
    } finally {
      failAt = undefined;
    }
  };

  before(async () => {
    server = await startTestServer({
      faultInjector: (step, index) => {
        if (step === 'history' && index === failAt?.index && ++reached === failAt.unit) {
          throw new Error('audit append failed');
        }
      },
    });
  });
  after(() => server.close());

  const events = async (subtype: string): Promise<AuditEvent[]> => {
    const found: Bundle = await bundle(server, `AuditEvent?subtype=${subtype}&_count=1000`);
    return (found.entry ?? []).map((e) => e.resource as AuditEvent);
  };
  const names = (event: AuditEvent): string[] => (event.entity ?? []).map((e) => e.what?.reference ?? '');
  const family = (name: string): Patient => ({ resourceType: 'Patient', name: [{ family: name }] });

  it('a create and its AuditEvent land together (http.html#create)', async () => {
    const patient = await created<Patient>(server, family('Together'));
    const audited = (await events('create')).filter((e) => names(e).includes(`Patient/${patient.id ?? ''}`));
    expect(audited.map((e) => e.outcome)).to.deep.equal(['0']);
  });

  it('a failed AuditEvent write fails the create: no resource, no success event, a failure event (http.html#create)', async () => {
    const before = (await events('create')).length;
    const answer = await fail({ unit: 1, index: 1 }, () =>
      call(server, 'POST', 'Patient', { body: family('Unaudited') }),
    );
    expect(answer.status).to.equal(500);
    expect(idsOf(await bundle(server, 'Patient?family=unaudited'))).to.deep.equal([]);
    const after = await events('create');
    expect(after).to.have.length(before + 1);
    expect(after.filter((e) => e.outcome === '0' && names(e).some((n) => n.startsWith('Patient/')))).to.have.length(
      before,
    );
  });

  it('an update, patch and delete whose AuditEvent fails change nothing (http.html#update, #patch, #delete)', async () => {
    const patient = await created<Patient>(server, family('Kept'));
    const path = `Patient/${patient.id}`;
    const patchBody = [{ op: 'replace', path: '/name/0/family', value: 'Patched' }];
    const attempts = [
      () => call(server, 'PUT', path, { body: { ...patient, name: [{ family: 'Changed' }] } }),
      () =>
        call(server, 'PATCH', path, { body: patchBody, headers: { 'Content-Type': 'application/json-patch+json' } }),
      () => call(server, 'DELETE', path),
    ];
    for (const attempt of attempts) expect((await fail({ unit: 1, index: 1 }, attempt)).status).to.equal(500);
    const current = await call<Patient>(server, 'GET', path);
    expect(current.status).to.equal(200);
    expect(current.body?.meta?.versionId).to.equal('1');
    expect(current.body?.name?.[0]?.family).to.equal('Kept');
  });

  it('a transaction commits its writes and its one AuditEvent as one unit (http.html#transaction)', async () => {
    const entry = ['TxA', 'TxB'].map((name) => ({
      request: { method: 'POST', url: 'Patient' },
      resource: family(name),
    }));
    const before = (await events('transaction')).length;
    const failed = await fail({ unit: 1, index: 2 }, () =>
      call(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } }),
    );
    expect(failed.status).to.equal(500);
    expect(idsOf(await bundle(server, 'Patient?family=txa,txb'))).to.deep.equal([]);
    expect((await events('transaction')).filter((e) => e.outcome === '0')).to.have.length(before);
    const done = await call<Bundle>(server, 'POST', '', {
      body: { resourceType: 'Bundle', type: 'transaction', entry },
    });
    expect(done.status).to.equal(200);
    const ids = (done.body?.entry ?? []).map((e) => e.response?.location?.split('/_history/')[0] ?? '');
    const [event] = (await events('transaction')).filter((e) => e.outcome === '0');
    expect(names(event as AuditEvent)).to.include.members(ids);
  });

  it('each batch entry is its own unit: a failed audit fails that entry only (http.html#transaction, batch)', async () => {
    const entry = ['BatchA', 'BatchB'].map((name) => ({
      request: { method: 'POST', url: 'Patient' },
      resource: family(name),
    }));
    const answer = await fail({ unit: 2, index: 1 }, () =>
      call<Bundle>(server, 'POST', '', { body: { resourceType: 'Bundle', type: 'batch', entry } }),
    );
    expect(answer.status).to.equal(200);
    expect((answer.body?.entry ?? []).map((e) => e.response?.status?.split(' ')[0])).to.deep.equal(['201', '500']);
    const ids = idsOf(await bundle(server, 'Patient?family=batcha,batchb'));
    expect(ids).to.have.length(1);
    const audited = (await events('create')).filter((e) => e.outcome === '0' && names(e).includes(`Patient/${ids[0]}`));
    expect(audited).to.have.length(1);
  });
});
