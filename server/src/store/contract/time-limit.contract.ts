import { expect } from 'chai';
import { describe, it } from 'mocha';
import { StoreTimeLimitError, type SearchRequest } from '../port.js';
import { makeRecord, TestClock, write } from './fixtures.js';
import type { ContractContext } from './harness.js';

const DOCUMENTS = 1_000;
const UNIT = 100;
/** Values per document: each one costs the scan a regex test, so the limit is passed by far. */
const NAMES = 20;

/**
 * A search no index serves is still bounded in time (DESIGN "Data in MongoDB"): past the
 * backend's `searchTimeLimitMs` it fails with `StoreTimeLimitError`, which the engine answers as
 * `too-costly`, instead of running (and holding a connection, or memory's event loop) unbounded.
 */
export function describeSearchTimeLimit({ makeStore }: ContractContext): void {
  describe('bounded search time', () => {
    it(`a scan of ${DOCUMENTS} documents past a 1 ms limit fails with StoreTimeLimitError (search and count)`, async () => {
      const store = await makeStore({ searchTimeLimitMs: 1 });
      const clock = new TestClock();
      const units = Array.from({ length: DOCUMENTS / UNIT }, (_, u) =>
        Array.from({ length: UNIT }, (_, i) =>
          write(
            makeRecord('Patient', `p${u * UNIT + i}`, '1', clock.tick(), {
              idx: { name: Array.from({ length: NAMES }, (_, n) => `name${u * UNIT + i}-${n}`) },
            }),
            null,
          ),
        ),
      );
      await Promise.all(units.map((unit) => store.commit(unit)));
      const unselective: SearchRequest = {
        resourceTypes: ['Patient'],
        filter: { 'idx.name': { $regex: 'no-such-name' } },
        sort: [['lastUpdated', 1]],
        offset: 0,
        count: 10,
        total: false,
      };
      for (const request of [unselective, { ...unselective, count: 0, total: true }]) {
        const error: unknown = await store.search(request).catch((e: unknown) => e);
        expect(error, `count ${request.count}, total ${String(request.total)}`).to.be.instanceOf(StoreTimeLimitError);
      }
    });
  });
}
