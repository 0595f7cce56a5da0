import { afterEach, beforeEach, describe } from 'mocha';
import type { ResourceStore } from './port.js';
import { describeChainLedger } from './contract/chain-ledger.contract.js';
import { describeConfinement } from './contract/confinement.contract.js';
import { describeHistory } from './contract/history.contract.js';
import type { ContractContext, MakeStore } from './contract/harness.js';
import { describeRecords } from './contract/records.contract.js';
import { describeRewriteVersion } from './contract/rewrite-version.contract.js';
import { describeSearch } from './contract/search.contract.js';
import { describeSearchSets } from './contract/search-sets.contract.js';
import { describeSearchTimeLimit } from './contract/time-limit.contract.js';
import { describeUnitsOfWork } from './contract/units-of-work.contract.js';

export type { MakeStore, StoreHooks } from './contract/harness.js';

/**
 * The behaviour every `ResourceStore` backend must show, as one mocha suite. `makeStore` returns
 * a fresh, empty, initialised store; each test gets its own and the suite closes them all.
 */
export function describeResourceStoreContract(name: string, makeStore: MakeStore): void {
  describe(`ResourceStore contract: ${name}`, function (this: Mocha.Suite) {
    this.timeout(60_000);
    let current: ResourceStore | undefined;
    const opened: ResourceStore[] = [];
    const context: ContractContext = {
      store: () => {
        if (current === undefined) throw new Error('no store outside a test');
        return current;
      },
      makeStore: async (hooks) => {
        const store = await makeStore(hooks);
        opened.push(store);
        return store;
      },
    };

    beforeEach(async () => {
      current = await context.makeStore();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      current = undefined;
    });

    describeRecords(context);
    describeHistory(context);
    describeSearch(context);
    describeSearchSets(context);
    describeUnitsOfWork(context);
    describeRewriteVersion(context);
    describeSearchTimeLimit(context);
    describeConfinement(context);
    describeChainLedger(context);
  });
}
