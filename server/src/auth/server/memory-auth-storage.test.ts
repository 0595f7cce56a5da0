import { describeAuthStorageContract } from './contract/auth-storage.contract.js';
import { memoryAuthStorage } from './auth-storage.js';

describeAuthStorageContract('memory', async () => memoryAuthStorage());
