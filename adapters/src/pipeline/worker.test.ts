import type { AuditEvent, Encounter, Patient, Provenance } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MemoryInbox } from '../inbox/memory-inbox.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { MemoryFhirSink, SinkHttpError } from '../test-support/memory-fhir-sink.js';
import { ackOf, adt } from '../test-support/pipeline-fixture.js';
import { readEnvelope } from './envelope.js';
import { parseHl7 } from '../hl7/parse.js';
import { MESSAGE_SYSTEM } from './message-reference.js';
import { Hl7NotYetError } from './not-yet-error.js';
import { createHl7Worker, type Hl7WorkerOptions } from './worker.js';
import { Hl7DeliveryError } from './delivery-error.js';

const sender = { transport: 'mllp' as const, address: '10.1.2.3' };

describe('createHl7Worker — one inbox entry applied exactly once', () => {
  let inbox: MemoryInbox;
  let sink: MemoryFhirSink;
  let work: (id: string) => Promise<string>;
  const setup = (options: Partial<Hl7WorkerOptions> = {}) => {
    work = createHl7Worker({ inbox, sink, maxAttempts: 3, orderWaitMs: 30, ...options });
  };
  beforeEach(() => {
    inbox = new MemoryInbox();
    sink = new MemoryFhirSink();
    setup();
  });
  const store = async (raw: string) => {
    const { entry } = await inbox.receive({ raw, sender, ...readEnvelope(parseHl7(raw), {}) });
    return entry;
  };

  it('AA: the transaction carries a Provenance and an AuditEvent, the inbox keeps ACK and resources (provenance.html)', async () => {
    const entry = await store(adt());
    const ack = await work(entry.id);
    expect(ackOf(ack)).to.include({ code: 'AA', controlId: 'C1' });
    const [provenance] = sink.all('Provenance') as Provenance[];
    expect(provenance?.meta?.tag).to.deep.equal([{ system: MESSAGE_SYSTEM, code: entry.id }]);
    const patient = sink.all('Patient')[0] as Patient;
    const encounter = sink.all('Encounter')[0] as Encounter;
    expect(provenance?.target.map((t) => t.reference)).to.have.members([
      `Patient/${patient.id}`,
      `Encounter/${encounter.id}`,
      ...sink.all('Practitioner').map((p) => `Practitioner/${p.id}`),
      ...sink.all('Location').map((l) => `Location/${l.id}`),
    ]);
    expect(provenance?.entity?.[0]).to.deep.include({ role: 'source' });
    expect(provenance?.entity?.[0]?.what.identifier).to.deep.equal({ system: MESSAGE_SYSTEM, value: entry.id });
    expect(provenance?.agent[0]?.who.identifier?.value).to.equal('ADT^SGH');
    const stored = await inbox.get(entry.id);
    expect(stored).to.include({ status: 'processed', ackCode: 'AA', ack, attempts: 1 });
    expect(stored?.resources).to.include.members([`Patient/${patient.id}`, `Encounter/${encounter.id}`]);
    expect(stored?.resources.some((r) => r.startsWith('Provenance/'))).to.equal(false);
  });

  it('AuditEvent after IHE BALP Import: DICOM 110107, action C, source agent with network address, message and patient entities', async () => {
    const entry = await store(adt());
    await work(entry.id);
    const [event] = sink.all('AuditEvent') as AuditEvent[];
    const patient = sink.all('Patient')[0] as Patient;
    expect(event?.type).to.deep.include({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110107' });
    expect(event).to.include({ action: 'C', outcome: '0' });
    const source = event?.agent.find((a) => a.type?.coding?.[0]?.code === '110153');
    expect(source).to.deep.include({ requestor: true, network: { address: '10.1.2.3', type: '2' } });
    expect(event?.entity?.map((e) => e.what?.reference ?? e.what?.identifier?.value)).to.deep.equal([
      entry.id,
      `Patient/${patient.id}`,
    ]);
  });

  it('a crash between commit and complete: the second attempt finds the Provenance and applies nothing again', async () => {
    const entry = await store(adt());
    sink.commitThenFail = 1;
    let thrown: unknown;
    await work(entry.id).catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(Hl7DeliveryError);
    expect(await inbox.get(entry.id)).to.include({ status: 'failed', attempts: 1 });
    const ack = await work(entry.id);
    expect(ackOf(ack).code).to.equal('AA');
    expect(sink.transactions).to.equal(1);
    expect(sink.all('Provenance')).to.have.length(1);
    expect(sink.all('AuditEvent')).to.have.length(1);
    const done = await inbox.get(entry.id);
    expect(done).to.include({ status: 'processed', attempts: 2 });
    expect(done?.resources).to.include(`Patient/${sink.all('Patient')[0]?.id ?? ''}`);
  });

  it('a replay (reset) of a processed entry finds its Provenance and applies nothing again', async () => {
    const entry = await store(adt());
    await work(entry.id);
    await inbox.reset(entry.id);
    expect(ackOf(await work(entry.id)).code).to.equal('AA');
    expect(sink.transactions).to.equal(1);
    expect((await inbox.get(entry.id))?.status).to.equal('processed');
  });

  it('a job for a final entry answers its stored ACK and writes nothing (v2.5.1 §2.10.1 duplicates)', async () => {
    const entry = await store(adt());
    const ack = await work(entry.id);
    expect(await work(entry.id)).to.equal(ack);
    expect(sink.transactions).to.equal(1);
  });

  it('sink 5xx: released and thrown for the queue to retry; dead-lettered with AE 207 on the last attempt', async () => {
    const entry = await store(adt());
    sink.failures.push(new SinkHttpError(503), new SinkHttpError(503), new SinkHttpError(503));
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      let thrown: unknown;
      await work(entry.id).catch((error: unknown) => (thrown = error));
      expect(thrown, `attempt ${attempt}`).to.be.instanceOf(Hl7DeliveryError);
      expect(await inbox.get(entry.id)).to.include({ status: 'failed', attempts: attempt });
    }
    const ack = await work(entry.id);
    expect(ackOf(ack).code).to.equal('AE');
    expect(ackOf(ack).errors[0]).to.contain('207^Application internal error').and.contain('kept for replay');
    const dead = await inbox.get(entry.id);
    expect(dead).to.include({ status: 'dead-lettered', ackCode: 'AE' });
    expect(dead?.errors.map((e) => e.text)).to.have.length(3);
    expect(dead?.errors[0]?.text).to.contain('HTTP 503').and.not.contain('DOE');
  });

  it('a dead-lettered entry, reset for replay, is applied once the sink is back', async () => {
    const entry = await store(adt());
    setup({ maxAttempts: 1 });
    sink.failures.push(new Error('ECONNREFUSED'));
    expect(ackOf(await work(entry.id)).code).to.equal('AE');
    await inbox.reset(entry.id);
    expect(ackOf(await work(entry.id)).code).to.equal('AA');
    expect(sink.all('Patient')).to.have.length(1);
  });

  it('AE for content it cannot map and AR for an unsupported type, each with an AuditEvent of its own (v2.5.1 §2.9.2)', async () => {
    const missingPid = await store(adt({ controlId: 'C2', mrn: '' }));
    const unsupported = await store(adt({ controlId: 'C3' }).replace('ADT^A01^ADT_A01', 'ZZZ^Z01'));
    expect(ackOf(await work(missingPid.id))).to.include({ code: 'AE', controlId: 'C2' });
    expect(ackOf(await work(unsupported.id))).to.include({ code: 'AR', controlId: 'C3' });
    const events = sink.all('AuditEvent') as AuditEvent[];
    expect(events.map((e) => e.outcome)).to.deep.equal(['4', '8']);
    expect(events[0]?.outcomeDesc).to.contain('PID-3');
    expect(sink.all('Patient')).to.have.length(0);
    expect(await inbox.get(unsupported.id)).to.include({ status: 'processed', ackCode: 'AR' });
  });

  it('AA with ERR severity W for what was left out (v2.5.1 §2.15.5 ERR-4)', async () => {
    const entry = await store(adt().replace('V-MRN1^^^SGH^VN', ''));
    const lines = (await work(entry.id)).split('\r');
    expect(lines.slice(1, 3)).to.deep.equal([
      'MSA|AA|C1',
      'ERR||PV1^1^19^1|101^Required field missing^HL70357|W||||no visit number: the Encounter was not recorded',
    ]);
  });

  it('refuses an unknown time zone when it is created, not at the first message', () => {
    expect(() => createHl7Worker({ inbox, sink, mapping: { defaultTimeZone: 'Mars/Olympus' } })).to.throw(RangeError);
  });

  it('a 4xx from the sink is an AE carrying its HTTP status and issue code (not its diagnostics), not retried', async () => {
    const entry = await store(adt());
    const refusal = Object.assign(new SinkHttpError(422), {
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid', diagnostics: 'bad' }],
      },
    });
    sink.failures.push(refusal);
    const ack = await work(entry.id);
    expect(ackOf(ack).code).to.equal('AE');
    expect(ackOf(ack).errors[0]).to.contain('HTTP 422, invalid').and.not.contain('bad');
    expect(await inbox.get(entry.id)).to.include({ status: 'processed', ackCode: 'AE', attempts: 1 });
  });

  describe('one patient in arrival order (orderWaitMs on the injected clock)', () => {
    let clock: ManualClock;
    /** Resolves once the worker asked the inbox whether an earlier message is pending. */
    let asked: Promise<void>;
    beforeEach(() => {
      clock = new ManualClock();
      inbox = new MemoryInbox({ now: clock.now });
      const hasEarlierPending = inbox.hasEarlierPending.bind(inbox);
      asked = new Promise((resolve) => {
        inbox.hasEarlierPending = async (entry) => {
          resolve();
          return hasEarlierPending(entry);
        };
      });
      setup({ now: clock.now });
    });

    it('waits while an earlier message of the same patient is pending, and goes on once it is applied', async () => {
      const first = await store(adt({ controlId: 'C1' }));
      const second = await store(adt({ controlId: 'C2', trigger: 'A08' }));
      const waiting = work(second.id);
      await asked;
      await work(first.id);
      expect(ackOf(await waiting).code).to.equal('AA');
    });

    it('hands the job back when orderWaitMs ran out, without spending an attempt', async () => {
      const first = await store(adt({ controlId: 'C1' }));
      const second = await store(adt({ controlId: 'C2', trigger: 'A08' }));
      const waiting = work(second.id).catch((error: unknown) => error);
      await asked;
      clock.advance(30);
      expect(await waiting).to.be.instanceOf(Hl7NotYetError);
      expect(await inbox.get(second.id)).to.include({ status: 'received', attempts: 0 });
      await work(first.id);
      expect(ackOf(await work(second.id)).code).to.equal('AA');
    });
  });

  it('A08 applied before its (older) A01: the A01 sets only its state elements, the newer demographics stay', async () => {
    const a08 = await store(adt({ trigger: 'A08', controlId: 'C8', time: '20240102050000', family: 'NEWER' }));
    await work(a08.id);
    expect((sink.all('Encounter')[0] as Encounter).status).to.equal('unknown');
    const a01 = await store(adt({ trigger: 'A01', controlId: 'C1', time: '20240102030405', family: 'OLDER' }));
    expect(ackOf(await work(a01.id)).code).to.equal('AA');
    const [patient] = sink.all('Patient') as Patient[];
    const encounters = sink.all('Encounter') as Encounter[];
    expect(patient?.name?.[0]?.family).to.equal('NEWER');
    expect(encounters).to.have.length(1);
    expect(encounters[0]?.status).to.equal('in-progress');
    expect(encounters[0]?.period?.start).to.equal('2024-01-02T03:04:05+00:00');
  });
});
