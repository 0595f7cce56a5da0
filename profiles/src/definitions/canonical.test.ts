import { expect } from 'chai';
import { compareVersions, splitCanonical } from './canonical.js';

describe('references.html#canonical — canonical url|version', function () {
  it('splits url|version and drops a #fragment (references.html#canonical)', function () {
    expect(splitCanonical('http://x.org/sd|1.2')).to.deep.equal({ url: 'http://x.org/sd', version: '1.2' });
    expect(splitCanonical('http://x.org/sd')).to.deep.equal({ url: 'http://x.org/sd', version: undefined });
    expect(splitCanonical('http://x.org/vs|2#part')).to.deep.equal({ url: 'http://x.org/vs', version: '2' });
  });

  it('orders business versions part by part, numbers as numbers (resource.html#versions)', function () {
    const sorted = ['8.0.0', '3.1.1', '1.10.0', '1.9.0', '6.1.0-ballot', '6.1.0'].sort(compareVersions);
    expect(sorted).to.deep.equal(['1.9.0', '1.10.0', '3.1.1', '6.1.0-ballot', '6.1.0', '8.0.0']);
    expect(compareVersions(undefined, '0.1')).to.be.below(0);
  });
});
