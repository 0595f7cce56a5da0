import { describeInboxContract } from './contract/inbox-contract.js';
import { MemoryInbox } from './memory-inbox.js';

describeInboxContract('MemoryInbox', (now) => new MemoryInbox({ now }));
