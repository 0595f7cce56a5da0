// `@nexushealth/adapters/testing`: what other packages' tests use, kept out of the main API.
export { describeInboxContract, inboxMessage } from './inbox/contract/inbox-contract.js';
export { corpusMessages } from './test-support/corpus.js';
export { ManualClock } from './test-support/manual-clock.js';
