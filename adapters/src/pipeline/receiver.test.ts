import type { AuditEvent, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { Hl7Inbox } from '../inbox/inbox.js';
import { MemoryInbox } from '../inbox/memory-inbox.js';
import { ackOf, adt, pipeline } from '../test-support/pipeline-fixture.js';
import { SinkHttpError } from '../test-support/memory-fhir-sink.js';
import { awaitFinalAck } from './await-final-ack.js';
import { requeueStale } from './sweeper.js';

const until = async (done: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 200 && !(await done()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
};
const familyOf = (p: Patient | undefined): string | undefined => p?.name?.[0]?.family;

describe('createHl7Receiver — original mode (v2.5.1 §2.9.2)', () => {
  it('stores, queues and answers the final AA once the transaction committed', async () => {
    const { receive, inbox, sink, sender } = pipeline();
    const ack = await receive(adt(), sender);
    expect(ackOf(ack)).to.include({ code: 'AA', controlId: 'C1' });
    const [entry] = await inbox.list({ limit: 10 });
    expect(entry).to.include({ status: 'processed', key: 'ADT^SGH^C1', orderKey: 'urn:nexushealth:hl7v2:SGH|MRN1' });
    expect(entry?.messageTime).to.equal('2024-01-02T03:04:05.000Z');
    expect(entry?.sender).to.deep.equal(sender);
    expect(sink.all('Patient')).to.have.length(1);
  });

  it('answers a resend (same MSH-3/4/10) with the original ACK and applies nothing again (§2.10.1)', async () => {
    const { receive, sink, sender } = pipeline();
    const first = await receive(adt(), sender);
    const again = await receive(adt().replace(/\r/g, '\r\n'), sender);
    expect(again).to.equal(first);
    expect(sink.transactions).to.equal(1);
    expect(familyOf(sink.all('Patient')[0] as Patient)).to.equal('DOE');
  });

  it('answers another message under a used MSH-3/4/10 AE 205 naming MSH-10, applies nothing, keeps it on record (§2.14.9.10, table 0357)', async () => {
    const { receive, sink, sender, inbox } = pipeline();
    const first = await receive(adt(), sender);
    const other = adt({ family: 'CHANGED' });
    const ae = await receive(other, sender);
    expect(ackOf(ae)).to.include({ code: 'AE', controlId: 'C1' });
    expect(ackOf(ae).errors.join())
      .to.match(/\|MSH\^1\^10\^1\|205\^/)
      .and.match(/already used for a different message/);
    expect(await receive(other, sender)).to.equal(ae);
    expect(await receive(adt(), sender)).to.equal(first);
    const kept = (await inbox.list({ limit: 10 })).filter((e) => e.key !== 'ADT^SGH^C1');
    expect(kept).to.have.length(1);
    expect(await awaitFinalAck(inbox, kept[0]?.id ?? '', Date.now() + 2000)).to.equal(ae);
    // One transaction applied the first message; the other is the AuditEvent (outcome 4) of the AE.
    expect(sink.transactions).to.equal(2);
    expect((sink.all('AuditEvent') as AuditEvent[]).map((e) => e.outcome)).to.have.members(['0', '4']);
    expect(familyOf(sink.all('Patient')[0] as Patient)).to.equal('DOE');
    expect(await inbox.get(kept[0]?.id ?? '')).to.include({
      status: 'processed',
      ackCode: 'AE',
      ack: ae,
      controlId: 'C1',
    });
    expect(kept[0]?.raw).to.include('CHANGED');
  });

  it('keeps two senders apart whose MSH-3/MSH-4 join alike (APPX^SUB|FAC and APPX|SUB^FAC) under one MSH-10 (§2.10.1)', async () => {
    const { receive, sink, sender, inbox } = pipeline();
    const message = (apps: string, mrn: string): string =>
      `MSH|^~\\&|${apps}|N|N|20260101120000||ADT^A08^ADT_A01|COLL1|P|2.5.1\rEVN|A08|20260101120000\r` +
      `PID|1||${mrn}^^^HOSPC&1.2.3.6&ISO^MR||SENDER^ONE\r`;
    expect(ackOf(await receive(message('APPX^SUB|FAC', 'COL1'), sender)).code).to.equal('AA');
    expect(ackOf(await receive(message('APPX|SUB^FAC', 'COL2'), sender)).code).to.equal('AA');
    expect(sink.all('Patient')).to.have.length(2);
    expect((await inbox.list({ limit: 10 })).map((e) => e.key).sort()).to.deep.equal([
      'APPX\\^SUB^FAC^COLL1',
      'APPX^SUB\\^FAC^COLL1',
    ]);
  });

  it('answers the same message sent 8 times at once with one ACK, applied once', async () => {
    const { receive, sink, inbox, sender } = pipeline({ concurrency: 4 });
    const acks = await Promise.all(Array.from({ length: 8 }, () => receive(adt(), sender)));
    expect(new Set(acks).size).to.equal(1);
    expect(ackOf(acks[0]).code).to.equal('AA');
    expect(sink.transactions).to.equal(1);
    expect(await inbox.list({ limit: 10 })).to.have.length(1);
  });

  it('applies one patient’s messages in arrival order under retries and concurrency', async () => {
    const { receive, sink, sender } = pipeline({ concurrency: 3 });
    sink.failures.push(new SinkHttpError(503), new SinkHttpError(502));
    const families = ['FIRST', 'SECOND', 'THIRD', 'FOURTH'];
    const acks = await Promise.all(
      families.map((family, i) =>
        receive(adt({ trigger: 'A08', controlId: `C${i}`, family, time: `2024010203040${i}` }), sender),
      ),
    );
    expect(acks.map((a) => ackOf(a).code)).to.deep.equal(['AA', 'AA', 'AA', 'AA']);
    const written = sink.written.filter((r): r is Patient => r.resourceType === 'Patient').map(familyOf);
    expect(written).to.deep.equal(families);
  });

  it('answers AR 203 for an MSH-12 outside table 0104 and AR 202 for an MSH-11 outside table 0103, applying nothing (§2.14.9.11, §2.14.9.12)', async () => {
    const { receive, sink, sender } = pipeline();
    const version = ackOf(await receive(adt().replace('|P|2.5.1|', '|P|9.9|'), sender));
    const processing = ackOf(await receive(adt({ controlId: 'C2' }).replace('|P|2.5.1|', '|Z|2.5.1|'), sender));
    expect(version.code).to.equal('AR');
    expect(version.errors.join()).to.match(/\|MSH\^1\^12\^1\|203\^/);
    expect(processing.code).to.equal('AR');
    expect(processing.errors.join()).to.match(/\|MSH\^1\^11\^1\|202\^/);
    expect(sink.all('Patient')).to.have.length(0);
  });

  it('answers AR 102 at MSH-10 for a control id longer than 199 characters (v2.7 §2.14.9.10 ST)', async () => {
    const { receive, sink, sender } = pipeline();
    const ack = ackOf(await receive(adt({ controlId: 'X'.repeat(200) }), sender));
    expect(ack.code).to.equal('AR');
    expect(ack.errors.join()).to.match(/\|MSH\^1\^10\^1\|102\^/);
    expect(sink.all('Patient')).to.have.length(0);
  });

  it('takes T (training) by default and refuses it AR 202 when processingIds is [P] (§2.14.9.11)', async () => {
    const training = adt().replace('|P|2.5.1|', '|T|2.5.1|');
    expect(ackOf(await pipeline().receive(training, pipeline().sender)).code).to.equal('AA');
    const strict = pipeline({ receiver: { mapping: { processingIds: ['P'] } } });
    expect(ackOf(await strict.receive(training, strict.sender)).code).to.equal('AR');
    expect(strict.sink.all('Patient')).to.have.length(0);
  });

  it('answers AR at once for unparsable input, keeps it on record, and the worker writes its AuditEvent once (auditevent.html)', async () => {
    const { receive, inbox, sender, queue, sink } = pipeline();
    const ack = await receive('MSH|^~\\\\&|bad', sender);
    expect(ackOf(ack).code).to.equal('AR');
    const [entry] = await inbox.list({ limit: 10 });
    expect(entry?.key).to.match(/^sha256:/);
    expect(await awaitFinalAck(inbox, entry?.id ?? '', Date.now() + 2000)).to.equal(ack);
    expect(await inbox.get(entry?.id ?? '')).to.include({ status: 'processed', ackCode: 'AR', ack });
    expect(await receive('MSH|^~\\\\&|bad', sender)).to.equal(ack);
    expect(queue.jobs).to.equal(1);
    const events = sink.all('AuditEvent') as AuditEvent[];
    expect(events.map((e) => e.outcome)).to.deep.equal(['8']);
    expect(events[0]?.meta?.tag?.[0]?.code).to.equal(entry?.id);
  });

  it('refused at receipt while the FHIR server is down: AR at once, its AuditEvent written once the sweep finds the server back', async () => {
    const { receive, inbox, sender, queue, sink } = pipeline({ attempts: 1 });
    sink.down = true;
    const ack = await receive(adt().replace('|C1|', '||'), sender);
    expect(ackOf(ack).code).to.equal('AR');
    const [entry] = await inbox.list({ limit: 10 });
    await until(async () => (await inbox.get(entry?.id ?? ''))?.status === 'failed');
    expect(await inbox.get(entry?.id ?? '')).to.include({ ack, ackCode: 'AR' });
    sink.down = false;
    expect(await requeueStale(inbox, queue, { staleMs: 0 })).to.equal(1);
    expect(await awaitFinalAck(inbox, entry?.id ?? '', Date.now() + 2000)).to.equal(ack);
    expect((sink.all('AuditEvent') as AuditEvent[]).map((e) => e.outcome)).to.deep.equal(['8']);
  });

  it('answers AR for a header without MSH-10 at once, naming MSH-10 (§2.14.9)', async () => {
    const { receive, sender, queue } = pipeline();
    const ack = await receive(adt().replace('|C1|', '||'), sender);
    expect(ackOf(ack).code).to.equal('AR');
    expect(ackOf(ack).errors[0]).to.contain('MSH^1^10');
    expect(queue.jobs).to.equal(1);
  });

  it('answers AR 207 when the inbox is down, storing and queueing nothing', async () => {
    const { receive, queue, sender } = pipeline({ receiver: { inbox: downInbox() } });
    const ack = await receive(adt(), sender);
    expect(ackOf(ack)).to.include({ code: 'AR', controlId: 'C1' });
    expect(ackOf(ack).errors[0]).to.contain('207').and.contain('send it again later');
    expect(queue.jobs).to.equal(0);
  });

  it('queue down: AR 207 after the bounded wait, the entry stays received, the sweeper queues it again', async () => {
    const { receive, inbox, queue, sink, sender } = pipeline({ receiver: { replyTimeoutMs: 100 } });
    queue.down = true;
    const ack = await receive(adt(), sender);
    expect(ackOf(ack).code).to.equal('AR');
    const [entry] = await inbox.list({ limit: 10 });
    expect(entry?.status).to.equal('received');
    queue.down = false;
    expect(await requeueStale(inbox, queue, { staleMs: 0 })).to.equal(1);
    while ((await inbox.get(entry?.id ?? ''))?.status !== 'processed') await new Promise((r) => setTimeout(r, 5));
    expect(sink.all('Patient')).to.have.length(1);
    expect(ackOf(await receive(adt(), sender)).code).to.equal('AA');
  });

  it('replays a dead-lettered message when it is sent again', async () => {
    const { receive, inbox, sink, sender } = pipeline({ attempts: 2 });
    sink.down = true;
    const dead = await receive(adt(), sender);
    expect(ackOf(dead).code).to.equal('AE');
    expect((await inbox.list({ limit: 1 }))[0]?.status).to.equal('dead-lettered');
    sink.down = false;
    expect(ackOf(await receive(adt(), sender)).code).to.equal('AA');
    expect(sink.all('Patient')).to.have.length(1);
  });

  it('answers a batch with one ACK per message, in order (§2.10.3)', async () => {
    const { receive, sender } = pipeline();
    const batch = ['BHS|^~\\&|ADT|SGH', adt({ controlId: 'B1' }), adt({ controlId: 'B2', mrn: 'MRN2' }), 'BTS|2'];
    const reply = await receive(batch.join('\r'), sender);
    const text = typeof reply === 'string' ? reply : '';
    const segments = text.split('\r').filter((l) => l !== '');
    expect(segments[0]).to.match(/^BHS\|/);
    expect(segments.at(-1)).to.equal('BTS|2');
    const acks = text
      .split(/(?=MSH\|)/)
      .slice(1)
      .map(ackOf);
    expect(acks.map((a) => `${a.code} ${a.controlId}`)).to.deep.equal(['AA B1', 'AA B2']);
  });

  it('reads bytes in the MSH-18 character set and answers in it (8859/1)', async () => {
    const { receive, sink, sender } = pipeline();
    const latin1 = adt({ family: 'MÜLLER' }).replace('|P|2.5.1|||', '|P|2.5.1||||||8859/1');
    const reply = await receive(Buffer.from(latin1, 'latin1'), sender);
    expect(reply).to.be.instanceOf(Uint8Array);
    expect(ackOf(reply).code).to.equal('AA');
    expect(familyOf(sink.all('Patient')[0] as Patient)).to.equal('MÜLLER');
  });
});

describe('createHl7Receiver — enhanced mode (v2.5.1 §2.9.3)', () => {
  it('answers CA once the inbox write is durable; the application ACK is kept in the inbox', async () => {
    const { receive, inbox, sender } = pipeline({ receiver: { ackMode: 'enhanced' } });
    const ack = await receive(adt(), sender);
    expect(ackOf(ack)).to.include({ code: 'CA', controlId: 'C1' });
    const [entry] = await inbox.list({ limit: 10 });
    while ((await inbox.get(entry?.id ?? ''))?.status !== 'processed') await new Promise((r) => setTimeout(r, 5));
    expect(ackOf((await inbox.get(entry?.id ?? ''))?.ack).code).to.equal('AA');
  });

  it('honours MSH-15: AL always, NE never, ER only on error, SU only on success (table 0155)', async () => {
    const { receive, sender } = pipeline();
    expect(ackOf(await receive(adt({ controlId: 'E1', accept: 'AL' }), sender)).code).to.equal('CA');
    expect(await receive(adt({ controlId: 'E2', accept: 'NE' }), sender)).to.equal(undefined);
    expect(await receive(adt({ controlId: 'E3', accept: 'ER' }), sender)).to.equal(undefined);
    expect(ackOf(await receive(adt({ controlId: 'E4', accept: 'SU' }), sender)).code).to.equal('CA');
    const down = pipeline({ receiver: { inbox: downInbox() } });
    const ce = await down.receive(adt({ controlId: 'E5', accept: 'ER' }), sender);
    expect(ackOf(ce).code).to.equal('CE');
    expect(await down.receive(adt({ controlId: 'E6', accept: 'SU' }), sender)).to.equal(undefined);
  });

  it('answers CR for a header without MSH-9..12 and CA again for a resend', async () => {
    const { receive, sender, queue } = pipeline({ receiver: { ackMode: 'enhanced' } });
    const cr = await receive(adt().replace('|P|2.5.1', '||'), sender);
    expect(ackOf(cr).code).to.equal('CR');
    expect(ackOf(await receive(adt(), sender)).code).to.equal('CA');
    expect(ackOf(await receive(adt(), sender)).code).to.equal('CA');
    // The CR's entry (its AuditEvent), the message, and at most one more for the resend.
    expect(queue.jobs).to.be.at.most(3);
  });

  it('answers CR 205 for another message under a used MSH-3/4/10 and keeps it on record as AE (table 0357)', async () => {
    const { receive, sender, inbox } = pipeline({ receiver: { ackMode: 'enhanced' } });
    expect(ackOf(await receive(adt(), sender)).code).to.equal('CA');
    const cr = ackOf(await receive(adt({ family: 'CHANGED' }), sender));
    expect(cr.code).to.equal('CR');
    expect(cr.errors.join()).to.match(/\|205\^/);
    expect((await inbox.list({ limit: 10 })).map((e) => e.ackCode ?? e.status)).to.include('AE');
  });
});

/** An inbox whose database is unreachable. */
function downInbox(): Hl7Inbox {
  const inbox = new MemoryInbox();
  void inbox.close();
  return inbox;
}
