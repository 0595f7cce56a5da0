import { expect } from 'chai';
import { retryAfterMs } from './retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('120', now)).to.equal(120_000);
    expect(retryAfterMs(' 0 ', now)).to.equal(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(retryAfterMs('Wed, 01 May 2024 12:00:30 GMT', now)).to.equal(30_000);
    expect(retryAfterMs('Wed, 01 May 2024 11:00:00 GMT', now)).to.equal(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(retryAfterMs(null, now)).to.equal(undefined);
    expect(retryAfterMs('soon', now)).to.equal(undefined);
    expect(retryAfterMs('-5', now)).to.equal(undefined);
  });
});
