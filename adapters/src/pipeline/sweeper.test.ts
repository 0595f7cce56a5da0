import { expect } from 'chai';
import { inboxMessage } from '../inbox/contract/inbox-contract.js';
import { MemoryInbox } from '../inbox/memory-inbox.js';
import { requeueStale } from './sweeper.js';

describe('requeueStale — entries whose job was lost are queued again', () => {
  it('queues received and failed entries with no live lease, untouched for staleMs; not final, leased or fresh ones', async () => {
    let now = new Date('2024-01-02T00:00:00Z');
    const inbox = new MemoryInbox({ now: () => now });
    const ids = [];
    for (let n = 1; n <= 4; n += 1) ids.push((await inbox.receive(inboxMessage(n))).entry.id);
    const [lost, failed, leased, done] = ids as [string, string, string, string];
    await inbox.claim(failed, 'w', 60_000);
    await inbox.release(failed, 'w', 'down');
    await inbox.claim(done, 'w', 60_000);
    await inbox.complete(done, 'w', { status: 'processed', ack: 'MSA|AA', ackCode: 'AA' });
    now = new Date('2024-01-02T00:01:00Z');
    await inbox.claim(leased, 'w', 60_000);
    const fresh = (await inbox.receive(inboxMessage(6))).entry.id;
    const queued: string[] = [];
    const queue = { enqueue: async (id: string) => (queued.push(id), 'ack') };
    now = new Date('2024-01-02T00:01:20Z');
    expect(await requeueStale(inbox, queue, { staleMs: 30_000, now: () => now })).to.equal(2);
    expect(queued).to.have.members([lost, failed]);
    expect(queued).to.not.include(fresh);
  });

  it('reports an enqueue that fails (queue down) and goes on', async () => {
    const inbox = new MemoryInbox();
    await inbox.receive(inboxMessage(1));
    const errors: unknown[] = [];
    const queue = { enqueue: () => Promise.reject(new Error('queue unreachable')) };
    expect(await requeueStale(inbox, queue, { staleMs: 0, onError: (e) => errors.push(e) })).to.equal(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).to.have.length(1);
  });
});
