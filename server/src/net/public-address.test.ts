import { expect } from 'chai';
import { describe, it } from 'mocha';
import { isLoopbackAddress, isPublicAddress } from './public-address.js';

describe('net/public-address — IANA special-purpose ranges (RFC 6890)', () => {
  it('public unicast addresses pass, IPv4 and IPv6 (and IPv4-mapped public)', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).to.equal(true);
    }
  });

  it('special-purpose addresses and non-addresses do not', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
      '192.0.2.1',
      '198.18.0.1',
      '::1',
      'fc00::1',
      '2001:db8::1',
      '2002:a00:1::',
      '::ffff:10.0.0.1',
      'example.org',
      '',
    ]) {
      expect(isPublicAddress(address), address).to.equal(false);
    }
  });

  it('loopback is 127.0.0.0/8 and ::1, mapped forms included', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).to.equal(true);
    expect(['10.0.0.1', '::2', 'localhost'].some(isLoopbackAddress)).to.equal(false);
  });
});
