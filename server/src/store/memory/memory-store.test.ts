import { describeResourceStoreContract } from '../contract.js';
import { MemoryResourceStore } from './memory-store.js';

describeResourceStoreContract('memory', async (hooks) => {
  const store = new MemoryResourceStore(hooks);
  await store.init();
  return store;
});
