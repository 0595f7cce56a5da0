import { expect } from 'chai';
import { RetryPolicy } from './retry-policy.js';

describe('RetryPolicy', () => {
  it('defaults to 5 attempts and a 500 ms base', () => {
    const policy = new RetryPolicy();
    expect(policy.attempts).to.equal(5);
    expect([1, 2, 3, 4].map((failures) => policy.delayAfter(failures))).to.deep.equal([500, 1500, 3500, 7500]);
  });

  it('caps the exponential backoff at maxBackoffMs, so the attempts ride out a long outage', () => {
    const policy = new RetryPolicy({ attempts: 20, backoffMs: 1000, maxBackoffMs: 60_000 });
    expect([1, 5, 6, 19].map((failures) => policy.delayAfter(failures))).to.deep.equal([1000, 31_000, 60_000, 60_000]);
    // 1 + 3 + 7 + 15 + 31 s, then 14 × 60 s: about 15 minutes of outage before a dead letter.
    expect(policy.budgetMs()).to.equal(897_000);
  });

  it('refuses attempts below one and a negative backoff or cap', () => {
    expect(() => new RetryPolicy({ attempts: 0 })).to.throw(RangeError);
    expect(() => new RetryPolicy({ backoffMs: -1 })).to.throw(RangeError);
    expect(() => new RetryPolicy({ maxBackoffMs: -1 })).to.throw(RangeError);
  });
});
