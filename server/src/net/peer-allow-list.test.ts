import { expect } from 'chai';
import { PeerAllowList } from './peer-allow-list.js';

describe('MLLP_ALLOWED_PEERS (IHE ITI TF-2 §3.19 ATNA: a secure node accepts known nodes only)', () => {
  it('takes addresses and CIDR ranges, IPv4 and IPv6, and matches peers by range', () => {
    const list = PeerAllowList.parse(' 10.1.2.3, 192.168.10.0/24 ,fd00::/8,::1');
    expect(list.entries).to.deep.equal(['10.1.2.3', '192.168.10.0/24', 'fd00::/8', '::1']);
    for (const peer of ['10.1.2.3', '192.168.10.200', 'fd12:3456::1', '::1'])
      expect(list.allows(peer), peer).to.equal(true);
    for (const peer of ['10.1.2.4', '192.168.11.1', 'fe80::1', '127.0.0.1', undefined, 'not-an-ip'])
      expect(list.allows(peer), String(peer)).to.equal(false);
  });

  it('matches an IPv4-mapped IPv6 peer (a dual-stack listener, RFC 4291 §2.5.5.2) against IPv4 entries, and reads mapped entries as IPv4', () => {
    expect(PeerAllowList.parse('10.0.0.0/8').allows('::ffff:10.9.8.7')).to.equal(true);
    expect(PeerAllowList.parse('10.0.0.0/8').allows('::ffff:11.9.8.7')).to.equal(false);
    const mapped = PeerAllowList.parse('::ffff:10.0.0.0/104, ::ffff:172.16.0.1');
    expect(mapped.entries).to.deep.equal(['10.0.0.0/8', '172.16.0.1']);
    expect(mapped.allows('10.200.0.1')).to.equal(true);
    expect(mapped.allows('::ffff:172.16.0.1')).to.equal(true);
  });

  it('allows every peer only when told so (0.0.0.0/0, ::/0)', () => {
    const all = PeerAllowList.parse('0.0.0.0/0,::/0');
    expect(['8.8.8.8', '2001:db8::1', '::ffff:1.2.3.4'].every((peer) => all.allows(peer))).to.equal(true);
  });

  it('defaults to loopback only', () => {
    expect(
      ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'].every((p) => PeerAllowList.LOOPBACK.allows(p)),
    ).to.equal(true);
    expect(PeerAllowList.LOOPBACK.allows('10.0.0.1')).to.equal(false);
  });

  for (const bad of [
    '',
    ' , ',
    'localhost',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.1/',
    '10.0.0.0/8/1',
    '10.0.0.0/x',
    'fe80::1%eth0',
    '::ffff:10.0.0.0/95',
    '300.1.1.1',
  ])
    it(`refuses ${JSON.stringify(bad)} naming what is wrong`, () => {
      expect(() => PeerAllowList.parse(bad)).to.throw(/address|CIDR|prefix/);
    });
});
