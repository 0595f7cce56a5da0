import type { FaultInjector } from '../fault-injector.js';
import type { ResourceStore } from '../port.js';

export interface StoreHooks {
  faultInjector?: FaultInjector;
  searchTimeLimitMs?: number;
}

/** Makes a fresh, empty, initialised store; the contract closes it after each test. */
export type MakeStore = (hooks?: StoreHooks) => Promise<ResourceStore>;

/** What each contract section gets: the current test's store and the factory for more. */
export interface ContractContext {
  store(): ResourceStore;
  makeStore: MakeStore;
}
