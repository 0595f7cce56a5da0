// Every interaction leaves an AuditEvent (DESIGN "AuditEvents"; IHE BALP basic RESTful shapes),
// failed ones too, and the events are searchable at /AuditEvent.
import type { AuditEvent, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { raw } from '../support/raw-http.js';
import { describeOnEachStore } from '../support/store-variants.js';

const subtypeOf = (event: AuditEvent) => event.subtype?.[0]?.code;
const touches = (event: AuditEvent, reference: string) =>
  (event.entity ?? []).some((e) => e.what?.reference === reference);

describeOnEachStore('REST audit trail', {}, (ctx) => {
  let patientRef = '';
  const missingRef = 'Patient/no-such-patient-e2e';
  let events: AuditEvent[] = [];

  before(async function () {
    const base = ctx.server.baseUrl;
    const created = await raw(base, 'Patient', { method: 'POST', body: { resourceType: 'Patient', gender: 'other' } });
    expect(created.status, created.text).to.equal(201);
    const patient = created.json as Patient;
    patientRef = `Patient/${patient.id ?? ''}`;
    expect((await raw(base, patientRef)).status).to.equal(200);
    expect((await raw(base, missingRef)).status, 'read of a missing Patient').to.equal(404);
    const stale = await raw(base, patientRef, { method: 'PUT', body: patient, headers: { 'If-Match': 'W/"9"' } });
    expect(stale.status, 'update with a stale If-Match').to.equal(412);
    events = [];
    for await (const event of ctx.client().searchAll('AuditEvent', { _count: '500' })) events.push(event);
  });

  it('records the create and the read of a Patient as successes', function () {
    const mine = events.filter((e) => touches(e, patientRef));
    const create = mine.find((e) => subtypeOf(e) === 'create');
    const read = mine.find((e) => subtypeOf(e) === 'read');
    expect(create, `create event among ${mine.length} for ${patientRef}`).to.not.equal(undefined);
    expect(create?.action).to.equal('C');
    expect(create?.outcome).to.equal('0');
    expect(read?.action).to.equal('R');
    expect(read?.outcome).to.equal('0');
  });

  it('records the failed read and the refused update as failures', function () {
    const failedRead = events.find((e) => touches(e, missingRef) && subtypeOf(e) === 'read');
    expect(failedRead, 'AuditEvent for the 404 read').to.not.equal(undefined);
    expect(failedRead?.outcome, 'minor failure').to.equal('4');
    const refused = events.find((e) => touches(e, patientRef) && subtypeOf(e) === 'update');
    expect(refused, 'AuditEvent for the 412 update').to.not.equal(undefined);
    expect(refused?.outcome).to.equal('4');
  });

  it('finds the events of one resource with AuditEvent?entity=', async function () {
    const found: AuditEvent[] = [];
    for await (const event of ctx.client().searchAll('AuditEvent', { entity: patientRef, _count: '500' }))
      found.push(event);
    const expected = events.filter((e) => touches(e, patientRef)).map((e) => e.id);
    expect(found.map((e) => e.id)).to.include.members(expected);
    expect(
      found.every((e) => touches(e, patientRef)),
      'only events of that resource',
    ).to.equal(true);
  });

  it('refuses to update or delete an AuditEvent', async function () {
    const event = events[0];
    expect(event, 'some AuditEvent').to.not.equal(undefined);
    const put = await raw(ctx.server.baseUrl, `AuditEvent/${event?.id ?? ''}`, {
      method: 'PUT',
      body: { ...event, outcome: '0' },
    });
    expect(
      put.status,
      `PUT AuditEvent/${event?.id ?? ''} answered ${put.status} (versionId ${String((put.json as AuditEvent | undefined)?.meta?.versionId)})`,
    ).to.be.within(400, 499);
    const del = await raw(ctx.server.baseUrl, `AuditEvent/${event?.id ?? ''}`, { method: 'DELETE' });
    expect(del.status, `DELETE AuditEvent/${event?.id ?? ''} answered ${del.status}`).to.be.within(400, 499);
  });
});
