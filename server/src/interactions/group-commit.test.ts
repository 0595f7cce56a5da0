import type { AuditEvent } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { ResourceRecord, ResourceWrite } from '../store/port.js';
import { GroupCommit } from './group-commit.js';

function event(id: string): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    id,
    type: { code: 'rest' },
    recorded: '2026-01-01T00:00:00Z',
    agent: [],
    source: { observer: {} },
  };
}

function auditWrite(id: string): ResourceWrite {
  const record: ResourceRecord = {
    resourceType: 'AuditEvent',
    id,
    versionId: '1',
    lastUpdated: '2026-01-01T00:00:00.000Z',
    deleted: false,
    idx: {},
    compartments: [],
    resource: event(id),
  };
  return { record, expectedVersionId: null };
}

/** A store that keeps committed ids, counts units and can be told to fail one. */
class CountingStore {
  units: number[] = [];
  stored = new Set<string>();
  failNext = false;
  async commit(writes: ResourceWrite[]): Promise<void> {
    this.units.push(writes.length);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database gone');
    }
    for (const w of writes) this.stored.add(w.record.id);
  }
}

describe('GroupCommit (AuditEvent appends)', () => {
  it('commits writes that arrive during a unit together, and every one is stored', async () => {
    const store = new CountingStore();
    const log = new GroupCommit(store);
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.write(auditWrite(`a${i}`))));
    expect(store.units[0]).to.equal(1);
    expect(store.units.length).to.be.below(20);
    expect(store.units.reduce((a, b) => a + b, 0)).to.equal(20);
    for (let i = 0; i < 20; i++) expect(store.stored.has(`a${i}`)).to.equal(true);
  });

  it('fails the callers of a failed unit and goes on with the next', async () => {
    const store = new CountingStore();
    const log = new GroupCommit(store);
    store.failNext = true;
    const first = log.write(auditWrite('lost'));
    const outcome = await first.then(
      () => 'stored',
      (error: unknown) => (error as Error).message,
    );
    expect(outcome).to.equal('database gone');
    await log.write(auditWrite('kept'));
    expect(store.stored.has('lost')).to.equal(false);
    expect(store.stored.has('kept')).to.equal(true);
  });
});
