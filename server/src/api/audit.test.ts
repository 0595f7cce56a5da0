import type { AuditEvent, Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * Every interaction leaves an AuditEvent in the shape of IHE BALP's RESTful events
 * (https://profiles.ihe.net/ITI/BALP/content.html), searchable at /AuditEvent like any resource.
 */
describe('AuditEvent trail (IHE BALP, auditevent.html)', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  let events: AuditEvent[];
  const bySubtype = (code: string) => events.filter((e) => e.subtype?.some((s) => s.code === code));

  before(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Audit' }] });
    await call(server, 'GET', `Patient/${patient.id}`);
    await call(server, 'GET', 'Patient/nobody');
    await call(server, 'GET', 'Patient?family=audit');
    await call(server, 'GET', 'Observation');
    const found: Bundle = await bundle(server, 'AuditEvent?_count=100');
    events = (found.entry ?? []).map((e) => e.resource as AuditEvent);
  });
  after(() => server.close());

  it('a create is recorded with action C, outcome 0 and the new resource', () => {
    const [create] = bySubtype('create');
    expect(create?.action).to.equal('C');
    expect(create?.outcome).to.equal('0');
    expect(create?.entity?.map((e) => e.what?.reference)).to.include(`Patient/${patient.id}`);
    expect(create?.type?.code).to.equal('rest');
  });

  it('a read is recorded with action R; a failed read with outcome 4 and no PHI', () => {
    const reads = bySubtype('read');
    const ok = reads.find((e) => e.outcome === '0');
    const failed = reads.find((e) => e.outcome === '4');
    expect(ok?.action).to.equal('R');
    expect(ok?.entity?.map((e) => e.what?.reference)).to.include(`Patient/${patient.id}`);
    expect(failed?.entity?.map((e) => e.what?.reference)).to.include('Patient/nobody');
    expect(failed?.outcomeDesc).to.be.a('string');
  });

  it('a search is recorded with action E and the query as a base64 entity', () => {
    const [search] = bySubtype('search-type');
    expect(search?.action).to.equal('E');
    expect(search?.outcome).to.equal('0');
    const query = search?.entity?.find((e) => e.query !== undefined)?.query ?? '';
    expect(Buffer.from(query, 'base64').toString('utf8')).to.equal('family=audit');
    expect(search?.entity?.map((e) => e.what?.reference)).to.include(`Patient/${patient.id}`);
  });

  it('a search without parameters has no (empty) query entity (BALP query entity)', () => {
    const bare = bySubtype('search-type').filter((e) => e.entity?.every((x) => x.role?.code !== '24'));
    expect(bare).to.have.length(1);
    expect(JSON.stringify(bare[0])).to.not.include('"query":""');
  });

  it('every event carries the request id the response echoed', async () => {
    const result = await call(server, 'GET', `Patient/${patient.id}`, { headers: { 'X-Request-Id': 'trace-123' } });
    expect(result.headers.get('x-request-id')).to.equal('trace-123');
    const found = await bundle(server, 'AuditEvent?_count=200');
    const traced = (found.entry ?? []).filter((e) => JSON.stringify(e.resource).includes('"trace-123"'));
    expect(traced).to.have.length(1);
  });

  it('a request refused before the engine (malformed JSON, 415) is audited as a failure too', async () => {
    const headers = { 'X-Request-Id': 'refused-1' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: '{"resourceType":', headers }), 400);
    const media = { 'X-Request-Id': 'refused-2', 'Content-Type': 'text/plain' };
    expectOutcome(await call(server, 'POST', 'Patient', { body: 'x', headers: media }), 415);
    const found = await bundle(server, 'AuditEvent?_count=500');
    for (const requestId of ['refused-1', 'refused-2']) {
      const event = (found.entry ?? [])
        .map((e) => e.resource as AuditEvent)
        .find((e) => JSON.stringify(e.entity).includes(`"${requestId}"`));
      expect(event?.outcome, requestId).to.equal('4');
      expect(event?.subtype?.[0]?.code, requestId).to.equal('create');
      expect(event?.action, requestId).to.equal('C');
    }
  });

  it('AuditEvents are append-only: created by other systems too, never changed or deleted (DESIGN)', async () => {
    const [event] = events;
    expectOutcome(
      await call(server, 'PUT', `AuditEvent/${event?.id ?? ''}`, { body: { ...event, outcome: '0' } }),
      405,
    );
    expectOutcome(await call(server, 'DELETE', `AuditEvent/${event?.id ?? ''}`), 405);
    const recorded = await call(server, 'POST', 'AuditEvent', { body: { ...event, id: undefined } });
    expect(recorded.status).to.equal(201);
    expect(recorded.body?.id).to.not.equal(event?.id);
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'DELETE', url: `AuditEvent/${event?.id ?? ''}` } }],
    };
    expectOutcome(await call(server, 'POST', '', { body: transaction }), 405);
    expect((await call(server, 'GET', `AuditEvent/${event?.id ?? ''}/_history`)).body).to.have.property('total', 1);
  });

  it('a transaction names one patient entity per patient its entries touch (BALP #patient)', async () => {
    const other = await created<Patient>(server, { resourceType: 'Patient', name: [{ family: 'Other' }] });
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0c6a1f3e-1b6e-4c5e-9a7d-2f6b8f3c9d01',
          resource: { resourceType: 'Patient' },
          request: { method: 'POST', url: 'Patient' },
        },
        ...[`Patient/${patient.id}`, `Patient/${other.id}`, 'urn:uuid:0c6a1f3e-1b6e-4c5e-9a7d-2f6b8f3c9d01'].map(
          (reference) => ({
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { text: 'x' },
              subject: { reference },
            } as Observation,
            request: { method: 'POST' as const, url: 'Observation' },
          }),
        ),
      ],
    };
    const answer = await call(server, 'POST', '', { body: transaction, headers: { 'X-Request-Id': 'tx-patients' } });
    expect(answer.status).to.equal(200);
    const newPatient = ((answer.body as Bundle).entry?.[0]?.response?.location ?? '').split('/_history/')[0];
    const found = await bundle(server, 'AuditEvent?_count=300');
    const event = (found.entry ?? [])
      .map((e) => e.resource as AuditEvent)
      .find((e) => JSON.stringify(e).includes('"tx-patients"') && e.subtype?.some((s) => s.code === 'transaction'));
    const patients = (event?.entity ?? []).filter((e) => e.role?.code === '1').map((e) => e.what?.reference);
    expect(patients).to.have.members([`Patient/${patient.id}`, `Patient/${other.id}`, newPatient]);
  });
});
