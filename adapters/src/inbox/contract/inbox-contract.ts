import { expect } from 'chai';
import { REPLAY_LINE, type Hl7Inbox, type InboxEntry, type InboxOutcome, type ReceivedMessage } from '../inbox.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { messageDigest } from '../message-digest.js';

const minute = 60_000;
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A message as the receiver would store it; `n` makes the key (MSH-3^MSH-4^MSH-10) unique. */
export function inboxMessage(n: number, fields: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return {
    raw: `MSH|^~\\&|ADT|SGH|NEXUS|NH|20240102030405||ADT^A01^ADT_A01|C${n}|P|2.5.1\rPID|1||MRN1^^^SGH^MR\r`,
    key: `ADT^SGH^C${n}`,
    sender: { transport: 'mllp', address: '127.0.0.1' },
    messageType: 'ADT^A01^ADT_A01',
    controlId: `C${n}`,
    orderKey: 'urn:nexushealth:hl7v2:SGH|MRN1',
    messageTime: '2024-01-02T03:04:05Z',
    ...fields,
  };
}

const aa: InboxOutcome = { status: 'processed', ack: 'MSH|^~\\&|ACK\rMSA|AA|C1\r', ackCode: 'AA' };

/**
 * The behaviour every `Hl7Inbox` must show (inbox.ts), run against `MemoryInbox` here and against the
 * server's MongoDB inbox on FerretDB. `makeInbox` is called before each test with the clock the inbox
 * must read (its `now` option; the tests move it, they never sleep) and must give an empty inbox; each
 * is closed after its test.
 */
export function describeInboxContract(
  name: string,
  makeInbox: (now: () => Date) => Hl7Inbox | Promise<Hl7Inbox>,
): void {
  describe(`Hl7Inbox contract: ${name}`, function () {
    let inbox: Hl7Inbox;
    let clock: ManualClock;
    beforeEach(async () => {
      clock = new ManualClock();
      inbox = await makeInbox(clock.now);
    });
    afterEach(async () => {
      await inbox.close();
    });
    const receive = async (n: number, fields?: Partial<ReceivedMessage>): Promise<InboxEntry> =>
      (await inbox.receive(inboxMessage(n, fields))).entry;
    const claimed = async (id: string, worker = 'w1', leaseMs = minute): Promise<InboxEntry> => {
      const entry = await inbox.claim(id, worker, leaseMs);
      expect(entry, `claim of ${id} by ${worker}`).to.not.equal(undefined);
      return entry as InboxEntry;
    };
    const processed = async (n: number, fields?: Partial<ReceivedMessage>, outcome = aa): Promise<InboxEntry> => {
      const entry = await receive(n, fields);
      await claimed(entry.id);
      await inbox.complete(entry.id, 'w1', outcome);
      return entry;
    };

    describe('receive — the key MSH-3^MSH-4^MSH-10 is unique', () => {
      it('stores a new message as received, attempts 0, with a URL-safe id and what the transport knew', async () => {
        const { entry, duplicate } = await inbox.receive(inboxMessage(1));
        expect(duplicate).to.equal(false);
        expect(entry.id).to.match(/^[A-Za-z0-9_-]+$/);
        expect(entry).to.include({ status: 'received', attempts: 0, key: 'ADT^SGH^C1', controlId: 'C1' });
        expect(entry).to.include({ orderKey: 'urn:nexushealth:hl7v2:SGH|MRN1', messageType: 'ADT^A01^ADT_A01' });
        expect(entry.raw).to.equal(inboxMessage(1).raw);
        expect(entry.sender).to.deep.equal({ transport: 'mllp', address: '127.0.0.1' });
        expect(entry.messageTime).to.equal('2024-01-02T03:04:05Z');
        expect(entry.errors).to.deep.equal([]);
        expect(entry.resources).to.deep.equal([]);
        expect(Number.isNaN(Date.parse(entry.receivedAt))).to.equal(false);
        expect(await inbox.get(entry.id)).to.deep.include({ id: entry.id, seq: entry.seq, status: 'received' });
      });

      it('gives increasing seq in arrival order', async () => {
        const seqs = [];
        for (let n = 1; n <= 4; n += 1) seqs.push((await receive(n)).seq);
        expect([...seqs].sort((a, b) => a - b)).to.deep.equal(seqs);
        expect(new Set(seqs).size).to.equal(4);
      });

      it('stores a message received with an outcome final at once, with its ACK', async () => {
        const ack = 'MSH|^~\\&|ACK\rMSA|AR|\r';
        const entry = await receive(1, { outcome: { status: 'processed', ack, ackCode: 'AR', error: 'unparsable' } });
        expect(entry).to.include({ status: 'processed', ack, ackCode: 'AR' });
        expect(await inbox.claim(entry.id, 'w1', minute)).to.equal(undefined);
      });

      it('stores an outcome with auditPending as received, keeping its ACK and error, for a worker to complete', async () => {
        const ack = 'MSH|^~\\&|ACK\rMSA|AR|\r';
        const outcome = { status: 'processed', ack, ackCode: 'AR', error: 'unparsable' } as const;
        const entry = await receive(1, { outcome, auditPending: true });
        expect(entry).to.include({ status: 'received', ack, ackCode: 'AR', auditPending: true });
        expect(entry.errors.map((e) => e.text)).to.deep.equal(['unparsable']);
        expect((await inbox.list({ status: 'received', limit: 10 })).map((e) => e.id)).to.deep.equal([entry.id]);
        await claimed(entry.id);
        expect(await inbox.complete(entry.id, 'w1', { status: 'processed', ack, ackCode: 'AR' })).to.equal(true);
        expect(await inbox.get(entry.id)).to.include({ status: 'processed', ack, ackCode: 'AR' });
      });

      it('answers a resend with the existing entry, duplicate: true, and stores nothing', async () => {
        const first = await processed(1);
        const again = await inbox.receive(inboxMessage(1));
        expect(again).to.deep.include({ duplicate: true, conflict: false });
        expect(again.entry).to.include({ id: first.id, status: 'processed', ack: aa.ack, raw: first.raw });
        expect(await inbox.list({ limit: 10 })).to.have.length(1);
      });

      it('takes a resend whose segments end in CR LF, or with a final CR more, for the same message', async () => {
        const first = await receive(1);
        const crlf = await inbox.receive(inboxMessage(1, { raw: `${first.raw.replace(/\r/g, '\r\n')}\r` }));
        expect(crlf).to.deep.include({ duplicate: true, conflict: false });
        expect(crlf.entry.digest).to.equal(messageDigest(first.raw));
      });

      it('tells another message under a used key (a reused MSH-10) from a resend: conflict, nothing stored (v2.5.1 §2.14.9.10, table 0357 205)', async () => {
        const first = await processed(1);
        const other = inboxMessage(1, {
          raw: first.raw.replace('MRN1', 'MRN2'),
          orderKey: 'urn:nexushealth:hl7v2:SGH|MRN2',
        });
        const again = await inbox.receive(other);
        expect(again).to.deep.include({ duplicate: true, conflict: true });
        expect(again.entry).to.include({ id: first.id, raw: first.raw, status: 'processed' });
        const concurrent = await Promise.all([inbox.receive(inboxMessage(2)), inbox.receive(inboxMessage(2, other))]);
        expect(concurrent.filter((r) => r.conflict)).to.have.length(1);
        expect(await inbox.list({ limit: 10 })).to.have.length(2);
      });

      it('stores one entry when the same key arrives 12 times at once', async () => {
        const results = await Promise.all(Array.from({ length: 12 }, () => inbox.receive(inboxMessage(7))));
        expect(results.filter((r) => !r.duplicate)).to.have.length(1);
        expect(new Set(results.map((r) => r.entry.id)).size).to.equal(1);
        expect(await inbox.list({ limit: 20 })).to.have.length(1);
      });

      it('returns undefined for an unknown id', async () => {
        expect(await inbox.get('no-such-entry')).to.equal(undefined);
      });
    });

    describe('claim — one worker at a time, under a lease', () => {
      it('leases the entry to one worker and counts an attempt', async () => {
        const entry = await receive(1);
        const mine = await claimed(entry.id, 'w1');
        expect(mine).to.include({ attempts: 1, leasedBy: 'w1', status: 'received' });
        expect(mine.leaseUntil).to.equal(new Date(clock.now().getTime() + minute).toISOString());
        expect(await inbox.claim(entry.id, 'w2', minute)).to.equal(undefined);
      });

      it('lets exactly one of several concurrent claims win', async () => {
        const entry = await receive(1);
        const claims = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((w) => inbox.claim(entry.id, w, minute)));
        expect(claims.filter((c) => c !== undefined)).to.have.length(1);
        expect((await inbox.get(entry.id))?.attempts).to.equal(1);
      });

      it('lets another worker claim once the lease expired (a worker that died)', async () => {
        const entry = await receive(1);
        await claimed(entry.id, 'w1', 1);
        clock.advance(30);
        const taken = await claimed(entry.id, 'w2');
        expect(taken).to.include({ attempts: 2, leasedBy: 'w2' });
      });

      it('refuses final and unknown entries', async () => {
        const done = await processed(1);
        expect(await inbox.claim(done.id, 'w2', minute)).to.equal(undefined);
        expect(await inbox.claim('no-such-entry', 'w2', minute)).to.equal(undefined);
      });
    });

    describe('release and complete — only by the last claimant', () => {
      it('release marks the entry failed with the error, ends the lease, and it can be claimed again', async () => {
        const entry = await receive(1);
        await claimed(entry.id);
        expect(await inbox.release(entry.id, 'w1', 'sink unreachable')).to.equal(true);
        const failed = await inbox.get(entry.id);
        expect(failed).to.include({ status: 'failed', attempts: 1 });
        expect(failed?.leaseUntil).to.equal(undefined);
        expect(failed?.errors.map((e) => e.text)).to.deep.equal(['sink unreachable']);
        expect(await claimed(entry.id, 'w2')).to.include({ attempts: 2 });
      });

      it('complete records status, ACK, code and resources, after which the entry is final', async () => {
        const entry = await receive(1);
        await claimed(entry.id);
        const outcome: InboxOutcome = { ...aa, resources: ['Patient/p1', 'Encounter/e1'] };
        expect(await inbox.complete(entry.id, 'w1', outcome)).to.equal(true);
        const done = await inbox.get(entry.id);
        expect(done).to.include({ status: 'processed', ack: aa.ack, ackCode: 'AA' });
        expect(done?.resources).to.have.members(['Patient/p1', 'Encounter/e1']);
        expect(done?.leaseUntil).to.equal(undefined);
        expect(await inbox.complete(entry.id, 'w1', aa)).to.equal(false);
      });

      it('complete with dead-lettered keeps the ACK and the error for replay', async () => {
        const entry = await receive(1);
        await claimed(entry.id);
        const dead: InboxOutcome = {
          status: 'dead-lettered',
          ack: 'MSA|AE|C1',
          ackCode: 'AE',
          error: 'attempts spent',
        };
        await inbox.complete(entry.id, 'w1', dead);
        const stored = await inbox.get(entry.id);
        expect(stored).to.include({ status: 'dead-lettered', ackCode: 'AE' });
        expect(stored?.errors.map((e) => e.text)).to.include('attempts spent');
      });

      it('ignores release and complete from a worker whose lease was taken over', async () => {
        const entry = await receive(1);
        await claimed(entry.id, 'w1', 1);
        clock.advance(30);
        await claimed(entry.id, 'w2');
        expect(await inbox.release(entry.id, 'w1', 'late')).to.equal(false);
        expect(await inbox.complete(entry.id, 'w1', aa)).to.equal(false);
        expect(await inbox.get(entry.id)).to.include({ status: 'received', leasedBy: 'w2' });
      });

      it('renew extends the lease of the last claimant only, so nobody takes over a running attempt', async () => {
        const entry = await receive(1);
        await claimed(entry.id, 'w1', 40);
        expect(await inbox.renew(entry.id, 'w1', minute)).to.equal(true);
        const renewedUntil = new Date(clock.now().getTime() + minute).toISOString();
        clock.advance(60);
        expect(await inbox.claim(entry.id, 'w2', minute)).to.equal(undefined);
        expect(await inbox.renew(entry.id, 'w2', minute)).to.equal(false);
        expect((await inbox.get(entry.id))?.leaseUntil).to.equal(renewedUntil);
        expect(await inbox.complete(entry.id, 'w1', aa)).to.equal(true);
        expect(await inbox.renew(entry.id, 'w1', minute)).to.equal(false);
      });

      it('fences a holder overtaken while it releases: the new holder keeps its lease (24 rounds, staggered)', async () => {
        for (let round = 0; round < 24; round++) {
          const entry = await receive(round);
          await claimed(entry.id, 'w1', 1);
          clock.advance(5);
          const taking = inbox.claim(entry.id, 'w2', minute);
          await delay((round % 8) * 2);
          const [released, taken] = await Promise.all([inbox.release(entry.id, 'w1', 'late'), taking]);
          if (taken === undefined) continue;
          expect(await inbox.claim(entry.id, 'w3', minute), `round ${round}`).to.equal(undefined);
          expect(await inbox.get(entry.id), `round ${round}`).to.include({ leasedBy: 'w2' });
          expect(await inbox.renew(entry.id, 'w1', minute), `round ${round}`).to.equal(false);
          expect(await inbox.complete(entry.id, 'w2', aa), `round ${round} (released ${released})`).to.equal(true);
        }
      });

      it('accepts complete from the last claimant even after its lease ran out', async () => {
        const entry = await receive(1);
        await claimed(entry.id, 'w1', 1);
        clock.advance(30);
        expect(await inbox.complete(entry.id, 'w1', aa)).to.equal(true);
      });
    });

    describe('ordering — one patient (orderKey) in arrival order', () => {
      it('hasEarlierPending: true while an earlier message of the same patient is received or failed', async () => {
        const first = await receive(1);
        const second = await receive(2);
        const other = await receive(3, { orderKey: 'urn:nexushealth:hl7v2:SGH|MRN2' });
        expect(await inbox.hasEarlierPending(second)).to.equal(true);
        expect(await inbox.hasEarlierPending(first)).to.equal(false);
        expect(await inbox.hasEarlierPending(other)).to.equal(false);
        await claimed(first.id);
        await inbox.release(first.id, 'w1', 'down');
        expect(await inbox.hasEarlierPending(second)).to.equal(true);
        await claimed(first.id);
        await inbox.complete(first.id, 'w1', { ...aa, status: 'dead-lettered' });
        expect(await inbox.hasEarlierPending(second)).to.equal(false);
      });

      it('hasEarlierPending: right under concurrent receipts and a receipt beside a completion, 20 rounds', async () => {
        const at = (s: number): string => `2024-01-02T03:04:${String(s).padStart(2, '0')}Z`;
        const together = await Promise.all(
          Array.from({ length: 10 }, (_, i) => receive(900 + i, { messageTime: at(i) })),
        );
        const bySeq = [...together].sort((a, b) => a.seq - b.seq);
        const earlier = await Promise.all(bySeq.map((e) => inbox.hasEarlierPending(e)));
        expect(earlier).to.deep.equal(bySeq.map((_, i) => i > 0));
        for (let round = 0; round < 20; round++) {
          const orderKey = `urn:nexushealth:hl7v2:SGH|R${round}`;
          const first = await receive(round * 10, { orderKey, messageTime: at(1) });
          await claimed(first.id);
          const [, second] = await Promise.all([
            inbox.complete(first.id, 'w1', aa),
            receive(round * 10 + 1, { orderKey, messageTime: at(2) }),
          ]);
          const third = await receive(round * 10 + 2, { orderKey, messageTime: at(3) });
          expect(await inbox.hasEarlierPending(third), `round ${round}`).to.equal(true);
          expect(await inbox.hasEarlierPending(second), `round ${round}`).to.equal(false);
        }
      });

      it('hasNewerApplied: right when two messages of the patient complete at once, 10 rounds', async () => {
        for (let round = 0; round < 10; round++) {
          const orderKey = `urn:nexushealth:hl7v2:SGH|N${round}`;
          const older = await receive(round * 10, { orderKey, messageTime: '2024-01-02T04:00:00Z' });
          const [a, b] = [
            await receive(round * 10 + 1, { orderKey, messageTime: '2024-01-02T05:00:00Z' }),
            await receive(round * 10 + 2, { orderKey, messageTime: '2024-01-02T06:00:00Z' }),
          ];
          await claimed(a.id);
          await claimed(b.id);
          await Promise.all([inbox.complete(a.id, 'w1', aa), inbox.complete(b.id, 'w1', aa)]);
          expect(await inbox.hasNewerApplied(older), `round ${round}`).to.equal(true);
          expect(await inbox.hasNewerApplied(a), `round ${round}`).to.equal(true);
          expect(await inbox.hasNewerApplied(b), `round ${round}`).to.equal(false);
        }
      });

      it('hasEarlierPending: false for a message without orderKey', async () => {
        await receive(1);
        const { orderKey: _, ...rest } = inboxMessage(2);
        const loose = (await inbox.receive(rest)).entry;
        expect(await inbox.hasEarlierPending(loose)).to.equal(false);
      });

      it('hasNewerApplied: true when a later-timed message of the patient was applied (AA), before or after', async () => {
        await processed(1, { messageTime: '2024-01-02T05:00:00Z' });
        const late = await receive(2, { messageTime: '2024-01-02T04:00:00Z' });
        const newest = await receive(3, { messageTime: '2024-01-02T06:00:00Z' });
        expect(await inbox.hasNewerApplied(late)).to.equal(true);
        expect(await inbox.hasNewerApplied(newest)).to.equal(false);
        const old = await processed(4, { messageTime: '2024-01-02T03:00:00Z' });
        expect(await inbox.hasNewerApplied(old)).to.equal(true);
      });

      it('hasNewerApplied: messages refused (AE) or not yet applied do not count, nor other patients', async () => {
        await processed(1, { messageTime: '2024-01-02T05:00:00Z' }, { ...aa, ackCode: 'AE' });
        await receive(2, { messageTime: '2024-01-02T05:00:00Z' });
        await processed(3, { messageTime: '2024-01-02T05:00:00Z', orderKey: 'urn:x|other' });
        const entry = await receive(4, { messageTime: '2024-01-02T04:00:00Z' });
        expect(await inbox.hasNewerApplied(entry)).to.equal(false);
      });
    });

    describe('list — by status, by seq, paged', () => {
      it('filters by status and pages with afterSeq and limit', async () => {
        for (let n = 1; n <= 5; n += 1) await receive(n);
        await processed(6);
        const firstPage = await inbox.list({ status: 'received', limit: 2 });
        expect(firstPage.map((e) => e.controlId)).to.deep.equal(['C1', 'C2']);
        const rest = await inbox.list({ status: 'received', limit: 10, afterSeq: firstPage[1]?.seq ?? 0 });
        expect(rest.map((e) => e.controlId)).to.deep.equal(['C3', 'C4', 'C5']);
        expect((await inbox.list({ status: 'processed', limit: 10 })).map((e) => e.controlId)).to.deep.equal(['C6']);
        expect(await inbox.list({ limit: 10 })).to.have.length(6);
        expect(await inbox.list({ status: 'dead-lettered', limit: 10 })).to.deep.equal([]);
      });
    });

    describe('reset — for replay', () => {
      it('puts a final entry back to received, attempts 0, no ACK, keeping its resources and errors', async () => {
        const entry = await receive(1);
        await claimed(entry.id);
        await inbox.release(entry.id, 'w1', 'down');
        await claimed(entry.id);
        await inbox.complete(entry.id, 'w1', { ...aa, status: 'dead-lettered', resources: ['Patient/p1'] });
        const reset = await inbox.reset(entry.id);
        expect(reset).to.include({ id: entry.id, seq: entry.seq, status: 'received', attempts: 0 });
        expect(reset?.ack).to.equal(undefined);
        expect(reset?.ackCode).to.equal(undefined);
        expect(reset?.resources).to.deep.equal(['Patient/p1']);
        expect(reset?.errors.map((e) => e.text)).to.deep.equal(['down', REPLAY_LINE]);
        expect((await inbox.get(entry.id))?.errors.map((e) => e.text)).to.deep.equal(['down', REPLAY_LINE]);
        await claimed(entry.id, 'w2');
        await inbox.complete(entry.id, 'w2', { ...aa, resources: ['Encounter/e1'] });
        expect((await inbox.get(entry.id))?.resources).to.have.members(['Patient/p1', 'Encounter/e1']);
      });

      it('leaves an entry that is not final as it is, and answers undefined for an unknown id', async () => {
        const entry = await receive(1);
        await claimed(entry.id);
        expect(await inbox.reset(entry.id)).to.include({ status: 'received', attempts: 1, leasedBy: 'w1' });
        expect(await inbox.reset('no-such-entry')).to.equal(undefined);
      });
    });

    it('answers ping while open', async () => {
      await inbox.ping();
    });
  });
}
