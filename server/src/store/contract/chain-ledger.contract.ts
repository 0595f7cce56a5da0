import { describe, it } from 'mocha';
import { expect } from 'chai';
import type { ChainLink } from '../chain-ledger.js';
import type { ContractContext } from './harness.js';

function link(sequence: number, ids: string[], previousHash = '0'.repeat(64)): ChainLink {
  return {
    sequence,
    events: ids.map((id) => ({ id, hash: `${id}-hash` })),
    previousHash,
    claimedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** The audit chain's ledger (chain-ledger.ts): claims by key, atomic across writers. */
export function describeChainLedger({ store, makeStore }: ContractContext): void {
  describe('auditChain ledger (claims keyed by sequence)', () => {
    it('claims a sequence once; a second claim of it is refused and leaves the first intact', async () => {
      const ledger = store().auditChain;
      expect(await ledger.last()).to.equal(undefined);
      expect(await ledger.claim(link(1, ['a', 'b']))).to.equal(true);
      expect(await ledger.claim(link(1, ['c']))).to.equal(false);
      expect(await ledger.read(1)).to.deep.equal(link(1, ['a', 'b']));
      expect(await ledger.read(2)).to.equal(undefined);
    });

    it('last and next find links by sequence order, numerically (10 after 9)', async () => {
      const ledger = store().auditChain;
      for (const sequence of [1, 9, 10, 2]) await ledger.claim(link(sequence, [`e${sequence}`]));
      expect((await ledger.last())?.sequence).to.equal(10);
      expect((await ledger.next(2))?.sequence).to.equal(9);
      expect(await ledger.next(10)).to.equal(undefined);
    });

    it('range gives the links holding a sequence in [from, to): the one containing from, then by sequence', async () => {
      const ledger = store().auditChain;
      for (const sequence of [1, 3, 6, 10]) await ledger.claim(link(sequence, ['x', 'y']));
      expect((await ledger.range(4, 10)).map((l) => l.sequence)).to.deep.equal([3, 6]);
      expect((await ledger.range(5, 11)).map((l) => l.sequence)).to.deep.equal([6, 10]);
      expect(await ledger.range(12, 20)).to.deep.equal([]);
    });

    it('of concurrent claims of one sequence exactly one wins', async () => {
      const ledger = store().auditChain;
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.claim(link(5, [`w${i}`]))));
      expect(outcomes.filter(Boolean)).to.have.length(1);
    });

    it('a voided link keeps its events and says why', async () => {
      const ledger = store().auditChain;
      await ledger.claim(link(1, ['a']));
      await ledger.void(1, 'StoreConflictError');
      expect(await ledger.read(1)).to.deep.include({ ...link(1, ['a']), voided: 'StoreConflictError' });
      expect((await ledger.read(1))?.voidedAt).to.be.a('string');
    });

    it('stores are independent: a fresh store has an empty ledger', async () => {
      await store().auditChain.claim(link(1, ['a']));
      expect(await (await makeStore()).auditChain.last()).to.equal(undefined);
    });
  });
}
