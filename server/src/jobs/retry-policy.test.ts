import { expect } from 'chai';
import { RetryPolicy } from './retry-policy.js';

describe('RetryPolicy', () => {
  it('defaults to 5 attempts and a 500 ms base', () => {
    const policy = new RetryPolicy();
    expect(policy.attempts).to.equal(5);
    expect([1, 2, 3, 4].map((failures) => policy.delayAfter(failures))).to.deep.equal([500, 1500, 3500, 7500]);
  });

  it('refuses attempts below one and a negative backoff', () => {
    expect(() => new RetryPolicy({ attempts: 0 })).to.throw(RangeError);
    expect(() => new RetryPolicy({ backoffMs: -1 })).to.throw(RangeError);
  });
});
