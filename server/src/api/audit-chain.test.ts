import type { AuditEvent } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MemoryResourceStore } from '../store/memory/memory-store.js';
import type { ResourceWrite } from '../store/port.js';
import { AuditChain } from '../audit/audit-chain.js';
import { AUDIT_CHAIN_URL, chainPosition, eventHash, GENESIS_HASH } from '../audit/chain-extension.js';
import { verifyChain } from '../audit/verify-chain.js';

let nextId = 0;
function auditWrite(body: Partial<AuditEvent> = {}): ResourceWrite {
  const id = `ae${++nextId}`;
  const resource: AuditEvent = {
    resourceType: 'AuditEvent',
    id,
    meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00.000Z' },
    type: { code: 'rest' },
    recorded: '2026-01-01T00:00:00.000Z',
    agent: [{ requestor: true }],
    source: { observer: { display: 'test' } },
    ...body,
  };
  return {
    record: {
      resourceType: 'AuditEvent',
      id,
      versionId: '1',
      lastUpdated: '2026-01-01T00:00:00.000Z',
      deleted: false,
      resource,
      idx: {},
      compartments: [],
    },
    expectedVersionId: null,
  };
}

async function stored(store: MemoryResourceStore, id: string): Promise<AuditEvent> {
  return (await store.read('AuditEvent', id))?.resource as AuditEvent;
}

describe('AuditEvent hash chain (DESIGN "Data in MongoDB": append-only, hash-chained)', () => {
  it('stamps sequence, previous hash and own hash; each event chains to the one before (auditevent.html)', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    const writes = [auditWrite(), auditWrite(), auditWrite()];
    await chain.commit(writes.slice(0, 2));
    await chain.commit(writes.slice(2));
    const events = await Promise.all(writes.map((w) => stored(store, w.record.id)));
    const positions = events.map((e) => chainPosition(e));
    expect(positions.map((p) => p?.sequence)).to.deep.equal([1, 2, 3]);
    expect(positions[0]?.previousHash).to.equal(GENESIS_HASH);
    expect(positions[1]?.previousHash).to.equal(positions[0]?.hash);
    expect(positions[2]?.previousHash).to.equal(positions[1]?.hash);
    for (const [i, event] of events.entries()) expect(eventHash(event)).to.equal(positions[i]?.hash);
    expect(await verifyChain(store)).to.deep.include({ valid: true, checked: 3, lastSequence: 3 });
  });

  it('the hash leaves out meta.versionId and meta.lastUpdated only', () => {
    const event = auditWrite().record.resource as AuditEvent;
    const moved = { ...event, meta: { versionId: '7', lastUpdated: '2030-01-01T00:00:00.000Z' } };
    expect(eventHash(moved)).to.equal(eventHash(event));
    expect(eventHash({ ...event, meta: { ...event.meta, tag: [{ code: 'x' }] } })).to.not.equal(eventHash(event));
    expect(eventHash({ ...event, outcome: '8' })).to.not.equal(eventHash(event));
  });

  it('a chain extension a client sent is replaced, never trusted', async () => {
    const store = new MemoryResourceStore();
    const forged = auditWrite({
      extension: [{ url: AUDIT_CHAIN_URL, extension: [{ url: 'sequence', valueDecimal: 99 }] }],
    });
    await new AuditChain(store).commit([forged]);
    const event = await stored(store, forged.record.id);
    expect(event.extension?.filter((e) => e.url === AUDIT_CHAIN_URL)).to.have.length(1);
    expect(chainPosition(event)?.sequence).to.equal(1);
  });

  it('writers of two processes sharing a store append to one valid chain (claims by key insert)', async () => {
    const store = new MemoryResourceStore();
    const [first, second] = [new AuditChain(store), new AuditChain(store)];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).commit([auditWrite(), auditWrite()])),
    );
    expect(await verifyChain(store)).to.deep.include({ valid: true, checked: 80 });
  });

  it('an event edited in the store is reported as altered at its sequence', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    const writes = [auditWrite(), auditWrite(), auditWrite()];
    for (const w of writes) await chain.commit([w]);
    const victim = (await store.read('AuditEvent', writes[1]!.record.id))!;
    await store.rewriteVersion({
      ...victim,
      resource: { ...(victim.resource as AuditEvent), outcome: '0', outcomeDesc: 'nothing to see' },
    });
    const report = await verifyChain(store);
    expect(report.valid).to.equal(false);
    expect(report.break).to.deep.include({ sequence: 2, reason: 'altered' });
    // The walk goes on past the break: the events after it are checked too.
    expect(report).to.deep.include({ checked: 2, lastSequence: 3 });
  });

  it('an event deleted in the store is reported as missing at its sequence', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    const writes = [auditWrite(), auditWrite()];
    for (const w of writes) await chain.commit([w]);
    const id = writes[0]!.record.id;
    await store.commit([
      {
        record: { ...writes[0]!.record, versionId: '2', deleted: true, resource: undefined },
        expectedVersionId: '1',
      } as ResourceWrite,
    ]);
    expect((await verifyChain(store)).break).to.deep.include({ sequence: 1, reason: 'missing' });
    expect((await verifyChain(store)).break?.detail).to.include(`AuditEvent/${id}`);
  });

  it('a unit that fails after its claim voids its link: the chain stays valid and says so', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    await chain.commit([auditWrite()]);
    const taken = auditWrite();
    await chain.commit([taken]);
    const clash = auditWrite();
    clash.record.id = taken.record.id;
    (clash.record.resource as AuditEvent).id = taken.record.id;
    const error: unknown = await chain.commit([clash]).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    await chain.commit([auditWrite()]);
    const report = await verifyChain(store);
    expect(report).to.deep.include({ valid: true, checked: 3, voided: [3] });
    expect(report.voids[0]).to.deep.include({ sequence: 3, through: 3, reason: 'StoreConflictError' });
    expect(report.voids[0]?.voidedAt).to.be.a('string');
  });

  it('a claim whose writer died before storing its events is a gap once past the grace, never silent', async () => {
    const store = new MemoryResourceStore();
    await new AuditChain(store).commit([auditWrite()]);
    const first = await store.auditChain.read(1);
    await store.auditChain.claim({
      sequence: 2,
      events: [{ id: 'never-written', hash: 'f'.repeat(64) }],
      previousHash: first!.events[0]!.hash,
      claimedAt: new Date().toISOString(),
    });
    expect(await verifyChain(store)).to.deep.include({ valid: true, pendingFrom: 2, checked: 1 });
    const later = () => new Date(Date.now() + 120_000);
    const report = await verifyChain(store, { now: later });
    expect(report.break).to.deep.include({ sequence: 2, through: 2, reason: 'gap' });
    expect(report.break?.detail).to.include('a process died or a write failed after claiming');
    expect(report.valid).to.equal(true);
  });

  it('a link deleted from the ledger is reported as missing; the chain after it does not mend it', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    for (let i = 0; i < 3; i++) await chain.commit([auditWrite()]);
    const other = new MemoryResourceStore();
    const survivors = [await store.auditChain.read(1), await store.auditChain.read(3)];
    for (const link of survivors) await other.auditChain.claim(link!);
    const report = await verifyChain({
      auditChain: other.auditChain,
      read: (t, id) => store.read(t, id),
      vread: (t, id, v) => store.vread(t, id, v),
    });
    expect(report.break).to.deep.include({ sequence: 2, reason: 'missing' });
  });

  it('after a crash gap the walk goes on: a later edit is still reported (audit-chain README "Verification")', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    await chain.commit([auditWrite()]);
    const first = await store.auditChain.read(1);
    await store.auditChain.claim({
      sequence: 2,
      events: [
        { id: 'died-1', hash: 'e'.repeat(64) },
        { id: 'died-2', hash: 'f'.repeat(64) },
      ],
      previousHash: first!.events[0]!.hash,
      claimedAt: '2026-01-01T00:00:00.000Z',
    });
    const later = [auditWrite(), auditWrite(), auditWrite()];
    for (const w of later) await chain.commit([w]);
    const victim = (await store.read('AuditEvent', later[1]!.record.id))!;
    await store.rewriteVersion({ ...victim, resource: { ...(victim.resource as AuditEvent), outcome: '0' } });
    const report = await verifyChain(store);
    expect(report.breaks.map((b) => [b.sequence, b.reason])).to.deep.equal([
      [2, 'gap'],
      [5, 'altered'],
    ]);
    expect(report.breaks[0]).to.deep.include({ through: 3, claimedAt: '2026-01-01T00:00:00.000Z' });
    expect(report).to.deep.include({ valid: false, checked: 3, lastSequence: 6 });
  });

  it('a range walk (from, count) checks only its page and says where to go on', async () => {
    const store = new MemoryResourceStore();
    const chain = new AuditChain(store);
    for (let i = 0; i < 5; i++) await chain.commit([auditWrite(), auditWrite()]);
    const page = await verifyChain(store, { from: 4, count: 3 });
    expect(page).to.deep.include({ valid: true, from: 4, checked: 3, lastSequence: 6, nextFrom: 7 });
    const rest = await verifyChain(store, { from: page.nextFrom! });
    expect(rest).to.deep.include({ valid: true, checked: 4, lastSequence: 10 });
    expect(rest.nextFrom).to.equal(undefined);
  });
});
