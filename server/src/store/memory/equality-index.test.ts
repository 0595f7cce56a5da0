import { expect } from 'chai';
import type { StoredDocument } from '../stored-document.js';
import { EqualityIndex } from './equality-index.js';

function doc(id: string, idx: Record<string, unknown>): StoredDocument {
  return {
    _id: id,
    id,
    versionId: '1',
    version: 1,
    lastUpdated: '2026-01-01T00:00:00.000Z',
    deleted: false,
    idx,
    compartments: [],
    txn: 't',
  };
}

describe('memory store EqualityIndex', () => {
  const index = new EqualityIndex();
  const a = doc('a', { identifier: ['sys|1', '1'], name: ['ada'] });
  const b = doc('b', { identifier: ['sys|2', '2'], birthdate: [{ lo: 1, hi: 2 }] });
  index.add(a);
  index.add(b);

  it('narrows a top-level equality and an $and of equalities', () => {
    expect([...(index.candidates({ 'idx.identifier': 'sys|1' }) ?? [])]).to.deep.equal(['a']);
    expect([...(index.candidates({ $and: [{ 'idx.identifier': '1' }, { 'idx.name': 'ada' }] }) ?? [])]).to.deep.equal([
      'a',
    ]);
    expect([...(index.candidates({ $and: [{ 'idx.identifier': '2' }, { 'idx.name': 'ada' }] }) ?? [])]).to.deep.equal(
      [],
    );
  });

  it('narrows $in and id, and leaves filters it cannot read to a full scan', () => {
    expect([...(index.candidates({ 'idx.identifier': { $in: ['sys|1', 'sys|2'] } }) ?? [])].sort()).to.deep.equal([
      'a',
      'b',
    ]);
    expect([...(index.candidates({ id: 'b' }) ?? [])]).to.deep.equal(['b']);
    expect(index.candidates({ 'idx.name': { $regex: '^a' } })).to.equal(undefined);
    expect(index.candidates({ $or: [{ 'idx.name': 'ada' }] })).to.equal(undefined);
    expect(index.candidates({ 'idx.unknown': 'x' })).to.equal(undefined);
  });

  it('forgets a removed document', () => {
    index.remove(a);
    expect([...(index.candidates({ 'idx.name': 'ada' }) ?? [])]).to.deep.equal([]);
  });
});
