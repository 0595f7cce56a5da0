import type { Encounter, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { adtMessage, basePv1, mapText } from '../test-support/adt-fixture.js';
import { reconcileStale } from '../pipeline/stale-reconcile.js';
import { applyTwice } from '../test-support/apply-twice.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';

const visit = ['urn:nexushealth:hl7v2:SGH', 'V100'] as const;

/** Applies each message twice in a row (a redelivery) and returns the stored Encounter. */
async function apply(...messages: string[]): Promise<{ encounter: Encounter; server: MemoryFhirSink }> {
  const server = new MemoryFhirSink();
  for (const message of messages) await applyTwice(server, mapText(message).bundle);
  return { encounter: server.byIdentifier<Encounter>('Encounter', ...visit), server };
}

describe('ADT sequences on a FHIR store: cancellations undo what they cancel (v2.5.1 §3.3.11-13)', () => {
  const transfer = { ...basePv1, 3: '5W^501^A^SGH', 6: '4E^414^B^SGH' };

  it('A01 → A02 → A12: the transfer is undone, back at the first bed, the cancelled one gone', async () => {
    const { encounter: moved } = await apply(adtMessage('A01'), adtMessage('A02', transfer));
    expect(moved.location?.map((l) => [l.location.display, l.status])).to.deep.equal([
      ['5W, 501, A, SGH', 'active'],
      ['4E, 414, B, SGH', 'completed'],
    ]);
    const { encounter, server } = await apply(
      adtMessage('A01'),
      adtMessage('A02', transfer),
      adtMessage('A12', { ...basePv1, 6: '5W^501^A^SGH' }),
    );
    expect(encounter.location).to.deep.equal([{ location: { display: '4E, 414, B, SGH' }, status: 'active' }]);
    expect(encounter.status).to.equal('in-progress');
    expect(server.all('Encounter')).to.have.length(1);
  });

  it('A01 → A03 → A13: the discharge is undone, in-progress with no end and no disposition', async () => {
    const discharge = { ...basePv1, 36: '01', 45: '20240105120000' };
    const { encounter: finished } = await apply(adtMessage('A01'), adtMessage('A03', discharge));
    expect(finished.status).to.equal('finished');
    const { encounter } = await apply(adtMessage('A01'), adtMessage('A03', discharge), adtMessage('A13', discharge));
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.period).to.deep.equal({ start: '2024-01-02T03:04:05+00:00' });
    expect(encounter.hospitalization?.dischargeDisposition).to.equal(undefined);
  });

  it('A01 → A11: the admission is cancelled, and stays one Encounter', async () => {
    const { encounter, server } = await apply(adtMessage('A01'), adtMessage('A11'));
    expect(encounter.status).to.equal('cancelled');
    expect(server.all('Encounter')).to.have.length(1);
  });

  it('A01 → A08: the update does not overwrite the admission state; its Patient demographics do apply', async () => {
    const a08 = adtMessage('A08').replace('DOE^JANE', 'DOE^JANET');
    const { encounter, server } = await apply(adtMessage('A01'), a08);
    expect(encounter.status).to.equal('in-progress');
    expect(server.all<Patient>('Patient')[0]?.name?.[0]?.given).to.deep.equal(['JANET']);
  });
});

describe('ADT messages out of order: reconcileStale applies the stateElements of a message a newer one overtook', () => {
  it('A08 then a late A01: the A01 still sets status and period, the A08 demographics and encounter content stay', async () => {
    const server = new MemoryFhirSink();
    const a08 = adtMessage('A08', { ...basePv1, 44: '', 10: 'CAR' }).replace('DOE^JANE', 'DOE^JANET');
    await server.transaction(mapText(a08).bundle);
    expect(server.byIdentifier<Encounter>('Encounter', ...visit).status).to.equal('unknown');
    const late = mapText(adtMessage('A01'));
    await server.transaction(await reconcileStale(late, server));
    const encounter = server.byIdentifier<Encounter>('Encounter', ...visit);
    expect(encounter.status).to.equal('in-progress');
    expect(encounter.period).to.deep.equal({ start: '2024-01-02T03:04:05+00:00' });
    expect(encounter.serviceType?.coding?.[0]?.code, 'the newer A08 content').to.equal('CAR');
    expect(server.all<Patient>('Patient')[0]?.name?.[0]?.given, 'the newer A08 name').to.deep.equal(['JANET']);
  });

  it('A02 then a late A01: the transfer location stays (A01 is not authoritative for location)', async () => {
    const server = new MemoryFhirSink();
    await server.transaction(mapText(adtMessage('A02', { ...basePv1, 3: '5W^501^A^SGH', 6: '4E^414^B^SGH' })).bundle);
    const late = mapText(adtMessage('A01'));
    await server.transaction(await reconcileStale(late, server));
    expect(server.byIdentifier<Encounter>('Encounter', ...visit).location?.[0]?.location.display).to.equal(
      '5W, 501, A, SGH',
    );
  });
});

describe('A06 with a new visit number and the old one in MRG-5 (v2.5.1 §3.3.6)', () => {
  it('A04 (outpatient V100) → A06 (inpatient V200, MRG-5 V100) → A03 under V200: one Encounter throughout', async () => {
    const a06 = adtMessage('A06', { ...basePv1, 19: 'V200^^^SGH^VN' }, ['MRG|MRN1^^^SGH||||V100^^^SGH']);
    const a03 = adtMessage('A03', { ...basePv1, 19: 'V200^^^SGH^VN', 45: '20240105120000' });
    const { encounter: renumbered, server } = await apply(adtMessage('A04', { ...basePv1, 2: 'O' }), a06);
    expect(renumbered.identifier?.map((i) => i.value)).to.deep.equal(['V200', 'V100']);
    expect(renumbered.class.code).to.equal('IMP');
    await server.transaction(mapText(a03).bundle);
    expect(server.all('Encounter')).to.have.length(1);
    const discharged = server.byIdentifier<Encounter>('Encounter', 'urn:nexushealth:hl7v2:SGH', 'V200');
    expect([discharged.id, discharged.status]).to.deep.equal([renumbered.id, 'finished']);
  });
});
